import { ApiProperty, ApiPropertyOptional, getSchemaPath, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  isISO8601,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsPlainText, IsSingleLine, Trim } from '../../common/validators.js';
import { DELIVERY_MODES, REPLY_MODES, type DeliveryMode, type ReplyMode } from '../campaign.entity.js';
import { ModerationDto } from './moderation.dto.js';
import { OptInDto } from './opt-in.dto.js';
import { LETTER_EDITING, type LetterEditing } from '../campaign.entity.js';
import { normaliseVersions } from '../letter-shape.js';
import { LetterVersionDto } from './letter-version.dto.js';

export class LetterDto {
  @ApiProperty({ example: 'Use your influence to stop the assault on Homs' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @IsSingleLine()
  subject: string;

  @ApiProperty({
    example:
      'Dear {{target.title}} {{target.name}},\n\nI urge {{target.organization}} to ...\n\nYours sincerely,\n{{supporter.fullName}}, {{supporter.country}}',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  @IsPlainText()
  body: string;
}

export class AppealDto extends LetterDto {
  @ApiPropertyOptional({
    description: 'letters by BCP 47 locale; a target gets the one for its locale, else the default',
    example: { ru: { subject: 'Используйте своё влияние, чтобы остановить штурм Хомса', body: 'Уважаемый {{target.title}} {{target.name}}, …' } },
  })
  @IsOptional()
  @IsObject()
  translations?: Record<string, LetterDto>;

  @ApiPropertyOptional({
    type: [LetterVersionDto],
    description:
      'at most 50 versions of the letter for some targets: a target gets the first whose every condition matches it (else the default letter above), in the translation for its locale; each checked as the default letter, a problem named by the version (`appeal.versions[0] ("Russia").body: unknown placeholder {{foo}}`)',
    example: [
      {
        name: 'Russia',
        when: { countries: ['RU'] },
        subject: 'Use your influence with Damascus to stop the assault on Homs',
        body: 'Dear {{target.title}} {{target.name}},\n\nRussia can stop the assault on Homs ...\n\n{{supporter.fullName}}, {{supporter.country}}',
        translations: { ru: { subject: 'Используйте своё влияние на Дамаск', body: 'Уважаемый {{target.title}} {{target.name}}, …' } },
      },
    ],
  })
  @IsOptional()
  @Transform(({ value }) => normaliseVersions(value))
  @IsArray({ message: 'versions must be a list: [{ name, when: { countries?, organizations?, tags? }, subject, body, translations? }]' })
  versions?: LetterVersionDto[];
}

/** A campaign's title and summary in one language (the values of `translations`). */
export class CampaignTextDto {
  @ApiProperty({ example: 'Остановите штурм Хомса', description: 'one line, at most 200 characters' })
  title: string;

  @ApiPropertyOptional({
    example: 'Призовите Россию и Лигу арабских государств добиться от Сирии прекращения обстрелов Хомса.',
    description: 'at most 5000 characters; absent: the default summary is shown',
  })
  summary?: string;
}

/** "2026-11-05T09:00:00Z", "2026-11-05T12:00:00+03:00" or a date ("2026-11-05", midnight UTC): never a time without its zone. */
const WITH_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?))?$/i;

/** Office hours: [fromHour:00, toHour:00) local time; fromHour > toHour runs overnight (22 → 6). */
export class SendWindowDto {
  @ApiProperty({ example: 9, minimum: 0, maximum: 23, description: 'the local hour the window opens' })
  @IsInt({ message: 'fromHour must be a whole hour, 0 to 23' })
  @Min(0, { message: 'fromHour must be a whole hour, 0 to 23' })
  @Max(23, { message: 'fromHour must be a whole hour, 0 to 23' })
  fromHour: number;

  @ApiProperty({
    example: 17,
    minimum: 1,
    maximum: 24,
    description: 'the local hour it closes (24: midnight); less than fromHour: the next morning (an overnight window); never equal to fromHour',
  })
  @IsInt({ message: 'toHour must be a whole hour, 1 to 24' })
  @Min(1, { message: 'toHour must be a whole hour, 1 to 24' })
  @Max(24, { message: 'toHour must be a whole hour, 1 to 24' })
  @ValidateBy({
    name: 'differsFromFromHour',
    validator: {
      validate: (v: unknown, args) => v !== (args?.object as SendWindowDto | undefined)?.fromHour,
      defaultMessage: () => 'toHour must differ from fromHour (for letters at any time, leave sendWindow out)',
    },
  })
  toHour: number;

  @ApiPropertyOptional({
    example: true,
    default: false,
    description: "Monday to Friday only, in the official's time zone (an overnight opening belongs to the day it opens on)",
  })
  @IsOptional()
  @IsBoolean({ message: 'weekdaysOnly must be true or false' })
  weekdaysOnly?: boolean;
}

export class DeliveryPolicyDto {
  @ApiProperty({ enum: DELIVERY_MODES, default: 'individual', example: 'individual' })
  @IsIn(DELIVERY_MODES)
  mode: DeliveryMode;

  @ApiPropertyOptional({ example: 100, description: 'letters per target address per hour, across campaigns' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxPerTargetPerHour?: number | null;

  @ApiPropertyOptional({ example: 1440, description: 'digest mode: minutes between letters to one target' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  digestIntervalMinutes?: number;

  @ApiPropertyOptional({
    example: true,
    default: false,
    description: 'individual mode: email each supporter once when their letters are all final (all delivered, or naming those that failed)',
  })
  @IsOptional()
  @IsBoolean()
  supporterReceipts?: boolean;

  @ApiPropertyOptional({
    example: '2026-11-05T09:00:00Z',
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'hold every letter until then while signatures are taken (a summit, a vote): letters stay queued, no attempt spent, and go by themselves at that time; null: at once',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @ValidateBy({
    name: 'isZonedDateTime',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && WITH_ZONE.test(v) && isISO8601(v, { strict: true }),
      defaultMessage: () => 'startAt must be an ISO 8601 date and time with its zone, such as 2026-11-05T09:00:00Z',
    },
  })
  startAt?: string | null;

  @ApiPropertyOptional({
    enum: REPLY_MODES,
    default: 'supporter',
    example: 'relay',
    description:
      "where officials' answers go: `supporter`, Reply-To the supporter (as always); `relay`, Reply-To reply+TOKEN@MAIL_DOMAIN, so answers are stored, classified and threaded to their letter, and the official's office never sees the supporter's address (docs/replies.md)",
  })
  @IsOptional()
  @IsIn(REPLY_MODES, { message: `replies must be one of: ${REPLY_MODES.join(', ')}` })
  replies?: ReplyMode;

  @ApiPropertyOptional({
    example: false,
    default: false,
    description: "the supporter's address on a line under the letter's signature (never in a header in relay mode)",
  })
  @IsOptional()
  @IsBoolean()
  showSupporterEmail?: boolean;

  @ApiPropertyOptional({
    example: true,
    default: false,
    description:
      "relay mode: an official's answer to an individual letter (not an automatic one, not one to a digest) is emailed on to the supporter who wrote it, once, in their language, from the organisation's address (docs/replies.md)",
  })
  @IsOptional()
  @IsBoolean({ message: 'forwardReplies must be true or false' })
  forwardReplies?: boolean;

  @ApiPropertyOptional({
    type: () => SendWindowDto,
    nullable: true,
    description:
      "office hours, in each official's time zone (the target's timeZone, else its country's only zone, else UTC): a letter owed while the window is closed waits for the next opening, no attempt spent, and the waiting letters are spread over the opening; null: any time",
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsObject({ message: 'sendWindow must be an object: { fromHour, toHour, weekdaysOnly? }' })
  @ValidateNested()
  @Type(() => SendWindowDto)
  sendWindow?: SendWindowDto | null;
}

export class CreateCampaignDto {
  @ApiProperty({ example: 'stop-the-assault-on-homs', description: 'URL-safe: lower-case letters, digits and dashes' })
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/, { message: 'slug may hold only a-z, 0-9 and inner dashes, at most 80 characters' })
  slug: string;

  @ApiProperty({ example: 'Stop the assault on Homs' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsSingleLine()
  title: string;

  @ApiPropertyOptional({ example: 'Urge Russia and the Arab League to press Syria to end the shelling of Homs.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @IsPlainText()
  summary?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(CampaignTextDto) },
    description:
      'the title and summary by BCP 47 locale: the campaign page, the emails to supporters and the public API show the one for their language, else the default',
    example: {
      ru: { title: 'Остановите штурм Хомса', summary: 'Призовите Россию и Лигу арабских государств добиться от Сирии прекращения обстрелов Хомса.' },
      ar: { title: 'أوقفوا الهجوم على حمص', summary: 'طالبوا روسيا وجامعة الدول العربية بالضغط على سوريا لوقف قصف حمص.' },
    },
  })
  @IsOptional()
  @IsObject({ message: 'translations must be an object keyed by locale: { "ru": { "title": "…", "summary": "…" } }' })
  translations?: Record<string, CampaignTextDto>;

  @ApiProperty({ type: AppealDto })
  @IsDefined({ message: 'appeal is required: { subject, body, translations? }' })
  @IsObject({ message: 'appeal must be an object: { subject, body, translations? }' })
  @ValidateNested()
  @Type(() => AppealDto)
  appeal: AppealDto;

  @ApiPropertyOptional({ example: 10000 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  signatureGoal?: number | null;

  @ApiPropertyOptional({ example: '2026-12-31T23:59:59Z', description: 'the campaign closes itself then' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  endsAt?: string | null;

  @ApiPropertyOptional({ default: true, example: true, description: 'supporters confirm by email before their letters are owed' })
  @IsOptional()
  @IsBoolean()
  requireConfirmation?: boolean;

  @ApiPropertyOptional({ type: DeliveryPolicyDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliveryPolicyDto)
  delivery?: DeliveryPolicyDto;

  @ApiPropertyOptional({ type: OptInDto, description: 'ask supporters for consent to further contact (default: not asked)' })
  @IsOptional()
  @IsObject({ message: 'optIn must be an object: { enabled, label? }' })
  @ValidateNested()
  @Type(() => OptInDto)
  optIn?: OptInDto;

  @ApiPropertyOptional({
    enum: LETTER_EDITING,
    default: 'comment',
    example: 'body',
    description:
      'what a supporter may write: "comment", a personal message added to the letter; or "body", the letter\'s body itself in their own words (up to 5,000 characters; the salutation, its first paragraph, and the signature line stay fixed; the page offers the text to edit), signing with letter: {body}',
  })
  @IsOptional()
  @IsIn(LETTER_EDITING, { message: 'letterEditing must be "comment" or "body"' })
  letterEditing?: LetterEditing;

  @ApiPropertyOptional({ type: ModerationDto, description: "review of supporters' own words before their letters go (default: mode off)" })
  @IsOptional()
  @IsObject({ message: 'moderation must be an object: { mode, blockedWords?, maxLinks?, duplicates? }' })
  @ValidateNested()
  @Type(() => ModerationDto)
  moderation?: ModerationDto;
}

export class UpdateCampaignDto extends PartialType(OmitType(CreateCampaignDto, ['slug'] as const)) {
  @ApiPropertyOptional({ description: 'only while the campaign is a draft', example: 'stop-the-assault-on-homs' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/, { message: 'slug may hold only a-z, 0-9 and inner dashes, at most 80 characters' })
  slug?: string;
}

export class PreviewDto {
  @ApiPropertyOptional({
    format: 'uuid',
    example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f',
    description: 'render for this attached target; default: the first launched (or attached) target',
  })
  @IsOptional()
  @IsUUID(undefined, { message: 'targetId must be a UUID' })
  targetId?: string;
}

/** The test send renders like the preview, for the same target. */
export class TestSendDto extends PreviewDto {}

/** A preview may render a letter not saved yet (the console's editor, as one types). */
export class LetterPreviewRequestDto extends PreviewDto {
  @ApiPropertyOptional({
    type: AppealDto,
    description: 'render this letter instead of the saved one (checked like a saved letter: an unknown placeholder is a 400); nothing is saved',
  })
  @IsOptional()
  @IsObject({ message: 'appeal must be an object: { subject, body, translations? }' })
  @ValidateNested()
  @Type(() => AppealDto)
  appeal?: AppealDto;
}

import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsPlainText, IsSingleLine, Trim } from '../../common/validators.js';
import { DELIVERY_MODES, type DeliveryMode } from '../campaign.entity.js';

export class LetterDto {
  @ApiProperty({ example: 'Use your influence to stop the assault on Homs' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @IsSingleLine()
  subject: string;

  @ApiProperty({
    example: 'Dear {{target.title}} {{target.name}},\n\nI urge {{target.organization}} to ...\n\nYours sincerely,\n{{supporter.fullName}}, {{supporter.country}}',
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
}

export class UpdateCampaignDto extends PartialType(OmitType(CreateCampaignDto, ['slug'] as const)) {
  @ApiPropertyOptional({ description: 'only while the campaign is a draft', example: 'stop-the-assault-on-homs' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/, { message: 'slug may hold only a-z, 0-9 and inner dashes, at most 80 characters' })
  slug?: string;
}

export class AttachTargetDto {
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f', description: 'a target of the directory' })
  @IsUUID(undefined, { message: 'targetId must be a UUID' })
  targetId: string;
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

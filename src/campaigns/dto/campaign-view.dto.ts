import { AudienceView } from './audience.dto.js';
import { ModerationDto } from './moderation.dto.js';
import { OptInView } from './opt-in.dto.js';
import { ApiProperty, PickType, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CAMPAIGN_TARGET_STATUSES, ON_REPLY_RULES, type CampaignTargetStatus, type OnReplyRule } from '../campaign-target.entity.js';
import { CAMPAIGN_STATUSES, DELIVERY_MODES, REPLY_MODES, type CampaignStatus, type DeliveryMode, type ReplyMode } from '../campaign.entity.js';
import { TargetView } from '../../targets/dto/target-view.dto.js';
import { LETTER_EDITING, type LetterEditing } from '../campaign.entity.js';
import { LetterVersionDto } from './letter-version.dto.js';

const LETTER_EXAMPLE = {
  subject: 'Use your influence to stop the assault on Homs',
  body: 'Dear {{target.title}} {{target.name}},\n\nI urge {{target.organization}} to …\n\nYours sincerely,\n{{supporter.fullName}}, {{supporter.country}}',
  translations: { ru: { subject: 'Используйте своё влияние, чтобы остановить штурм Хомса', body: 'Уважаемый {{target.title}} {{target.name}}, …' } },
};

export class LetterTemplateView {
  @ApiProperty({ example: LETTER_EXAMPLE.subject })
  subject: string;

  @ApiProperty({ example: LETTER_EXAMPLE.body })
  body: string;
}

export class AppealView extends LetterTemplateView {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath('LetterTemplateView') },
    description: 'letters by BCP 47 locale; a target gets the one for its locale, else the default',
    example: LETTER_EXAMPLE.translations,
  })
  translations?: Record<string, LetterTemplateView>;

  @ApiPropertyOptional({
    type: [LetterVersionDto],
    description:
      'versions of the letter for some targets, as saved (countries upper-case, tags lower-case): a target gets the first whose conditions match it, else the default letter',
  })
  versions?: LetterVersionDto[];
}

/** A campaign's title and summary in one language. */
export class CampaignTextView {
  @ApiProperty({ example: 'Остановите штурм Хомса' })
  title: string;

  @ApiPropertyOptional({
    example: 'Призовите Россию и Лигу арабских государств добиться от Сирии прекращения обстрелов Хомса.',
    description: 'absent: the default summary is shown',
  })
  summary?: string;
}

export class DeliveryPolicyView {
  @ApiProperty({ enum: DELIVERY_MODES, example: 'individual' })
  mode: DeliveryMode;

  @ApiPropertyOptional({ nullable: true, type: Number, example: 100, description: 'letters per target address per hour, across campaigns' })
  maxPerTargetPerHour?: number | null;

  @ApiPropertyOptional({ example: 1440, description: 'digest mode: minutes between letters to one target' })
  digestIntervalMinutes?: number;

  @ApiPropertyOptional({ example: true, description: 'each supporter gets one email once their letters are all final' })
  supporterReceipts?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    example: '2026-11-05T09:00:00.000Z',
    description: 'every letter is held until then while signatures are taken, then goes by itself; null or absent: at once',
  })
  startAt?: string | null;

  @ApiPropertyOptional({
    enum: REPLY_MODES,
    example: 'relay',
    description:
      "where officials' answers go: the supporter (Reply-To them), or relayed (Reply-To reply+TOKEN@MAIL_DOMAIN, stored and classified); absent: supporter",
  })
  replies?: ReplyMode;

  @ApiPropertyOptional({ example: false, description: "the supporter's address on a line under the letter's signature; absent: false" })
  showSupporterEmail?: boolean;

  @ApiPropertyOptional({
    example: true,
    description: "relay mode: a person's answer to an individual letter is emailed on to its supporter, in their language; absent: false",
  })
  forwardReplies?: boolean;
}

/** How many confirmed signatures carry the supporter's own words (src/letters/letter-editing.ts). */
export class Personalisation {
  @ApiProperty({
    example: 2710,
    description: 'confirmed signatures with a comment, or a letter body the supporter rewrote (beyond case, whitespace and punctuation)',
  })
  personal: number;

  @ApiProperty({ example: 10482, description: 'confirmed signatures' })
  total: number;
}

export class SignatureCounts {
  @ApiProperty({ example: 12, description: 'awaiting email confirmation' })
  pending: number;

  @ApiProperty({ example: 10482 })
  confirmed: number;

  @ApiProperty({ example: 3 })
  withdrawn: number;
}

/** A target of the directory as attached to a campaign: the official, and where the campaign stands with them. */
export class CampaignTargetViewDto extends PickType(TargetView, [
  'id',
  'name',
  'title',
  'organization',
  'country',
  'email',
  'locale',
  'active',
  'failingSince',
  'tags',
] as const) {
  @ApiProperty({ enum: CAMPAIGN_TARGET_STATUSES, example: 'launched' })
  status: CampaignTargetStatus;

  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:30:00.000Z' })
  attachedAt: Date;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2012-02-08T09:31:00.000Z' })
  launchedAt: Date | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2012-02-08T09:31:02.000Z',
    description: 'set once every signature confirmed before the launch owes this target its letter',
  })
  backfilledAt: Date | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: null })
  withdrawnAt: Date | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
    description:
      'set when its backlog passed DIGEST_FALLBACK_BACKLOG: since then the target gets digest letters, the individual ones it was owed folded into them',
  })
  digestSince: Date | null;

  @ApiProperty({ type: AudienceView, example: { mode: 'same-country' }, description: "whose letters this target receives (see the attach request's audience)" })
  audience: AudienceView;

  @ApiProperty({
    enum: ON_REPLY_RULES,
    example: 'hold',
    description:
      'when a campaigner marks a reply from this official substantive: continue (keep sending), hold (hold the rest of the letters until released) or digest (switch to digest letters)',
  })
  onReply: OnReplyRule;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
    description:
      'set while the letters to this official are held after a substantive reply (onReply "hold"): they stay queued, unsent, until POST …/release (or onReply back to continue)',
  })
  replyHeldSince: Date | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: null, description: 'the reply that held them (GET /api/replies/:id)' })
  replyHeldBy: string | null;
}

export class CampaignViewDto {
  @ApiProperty({ format: 'uuid', example: '9b2e4c1d-6f3a-4e8b-b1d2-7c5a0e9f3a21' })
  id: string;

  @ApiProperty({ example: 'stop-the-assault-on-homs' })
  slug: string;

  @ApiProperty({ example: 'Stop the assault on Homs' })
  title: string;

  @ApiProperty({ example: 'Urge Russia and the Arab League to press Syria to end the shelling of Homs.' })
  summary: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath('CampaignTextView') },
    description: 'title and summary by BCP 47 locale ({} when none): supporters reading in that language see them, others the default',
    example: { ru: { title: 'Остановите штурм Хомса', summary: 'Призовите Россию и Лигу арабских государств добиться от Сирии прекращения обстрелов Хомса.' } },
  })
  translations: Record<string, CampaignTextView>;

  @ApiProperty({ type: AppealView })
  appeal: AppealView;

  @ApiProperty({ nullable: true, type: Number, example: 10000 })
  signatureGoal: number | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2012-03-31T23:59:59.000Z', description: 'the campaign closes itself then' })
  endsAt: Date | null;

  @ApiProperty({ example: true })
  requireConfirmation: boolean;

  @ApiProperty({ type: DeliveryPolicyView })
  delivery: DeliveryPolicyView;

  @ApiProperty({ type: OptInView, description: 'whether the form asks for consent to further contact, and in which words' })
  optIn: OptInView;

  @ApiProperty({ enum: CAMPAIGN_STATUSES, example: 'live' })
  status: CampaignStatus;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2012-02-08T09:32:00.000Z' })
  launchedAt: Date | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: null })
  closedAt: Date | null;

  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:00:00.000Z' })
  createdAt: Date;

  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:32:00.000Z' })
  updatedAt: Date;

  @ApiProperty({ type: SignatureCounts })
  counts: SignatureCounts;

  @ApiProperty({ enum: LETTER_EDITING, example: 'comment', description: "what a supporter may write: a comment added to the letter, or the letter's body" })
  letterEditing: LetterEditing;

  @ApiProperty({ type: ModerationDto, description: "review of supporters' own words before their letters go (docs/moderation.md)" })
  moderation: ModerationDto;

  @ApiProperty({
    example: 3,
    description: 'confirmed signatures whose own words wait for review (GET /api/campaigns/:id/review), their letters owed and not sent',
  })
  awaitingReview: number;

  @ApiProperty({ type: Personalisation, description: "how many letters carry the supporter's own words" })
  personalisation: Personalisation;

  @ApiProperty({ type: [CampaignTargetViewDto] })
  targets: CampaignTargetViewDto[];
}

export class CampaignPage {
  @ApiProperty({ type: [CampaignViewDto] })
  items: CampaignViewDto[];

  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` for the next (older) page; null on the last page', example: null })
  nextCursor: string | null;
}

export class LaunchedTargetView extends CampaignTargetViewDto {
  @ApiProperty({
    enum: ['queued', 'done'],
    example: 'queued',
    description: 'queued (202): a job is creating the letters owed for signatures confirmed before the launch',
  })
  backfill: 'queued' | 'done';
}

export class WithdrawnTargetView extends CampaignTargetViewDto {
  @ApiProperty({ example: 1520, description: 'unsent letters to this target that were cancelled' })
  cancelled: number;
}

export class AudienceChangedView extends CampaignTargetViewDto {
  @ApiProperty({
    example: 'Letters already owed stay owed; the new audience decides for signatures confirmed from now on.',
    description: 'what the change does to letters: it is never retroactive',
  })
  note: string;
}

export class TargetChangedView extends AudienceChangedView {
  @ApiProperty({
    example: 0,
    description: 'letters held after a substantive reply and handed to the queue again, as onReply left "hold" (0 otherwise)',
  })
  released: number;
}

export class ReleasedTargetView extends CampaignTargetViewDto {
  @ApiProperty({ example: 1520, description: 'letters to this official that were held and are handed to the queue again: each is sent once' })
  released: number;
}

export class BulkAttachReport {
  @ApiProperty({ example: 30, description: 'active targets matching the filter' })
  matched: number;

  @ApiProperty({ example: 28, description: 'attached now (pending), with the audience given' })
  attached: number;

  @ApiProperty({ example: 2, description: 'attached already (pending or launched): left as they were' })
  alreadyAttached: number;

  @ApiProperty({ type: [String], format: 'uuid', description: 'the targets attached now' })
  attachedIds: string[];
}

export class LaunchPendingReport {
  @ApiProperty({ type: [String], format: 'uuid', description: 'the targets launched now (those pending)' })
  launched: string[];

  @ApiProperty({ example: 3, description: 'how many of them owe letters to earlier signatures: a job creates those (their backfilledAt is set when done)' })
  backfilling: number;
}

export class RecipientView {
  @ApiProperty({ example: 'Jean-Noël Barrot' })
  name: string;

  @ApiProperty({ example: 'Minister for Europe and Foreign Affairs' })
  title: string;

  @ApiProperty({ example: 'French Republic' })
  organization: string;
}

export class PublicRecipients {
  @ApiProperty({ example: 'FR' })
  country: string;

  @ApiProperty({ type: [RecipientView], description: 'the officials who receive the letter of a supporter from this country ([]: nobody would)' })
  targets: RecipientView[];
}

export class StaffRecipientView extends RecipientView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ nullable: true, type: String, example: 'FR' })
  country: string | null;

  @ApiProperty({ type: AudienceView, example: { mode: 'same-country' } })
  audience: AudienceView;
}

export class StaffRecipients {
  @ApiProperty({ example: 'FR' })
  country: string;

  @ApiProperty({ type: [StaffRecipientView], description: 'launched, active targets whose audience includes this country, in launch order' })
  targets: StaffRecipientView[];
}

class PreviewTarget {
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f' })
  id: string;

  @ApiProperty({ example: 'Sergei Lavrov' })
  name: string;

  @ApiProperty({ example: 'ru' })
  locale: string;
}

export class LetterPreviewDto {
  @ApiProperty({ type: PreviewTarget, nullable: true, description: 'null: no target attached yet, a sample official is used' })
  target: PreviewTarget | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Russia',
    description: 'the version of the letter used (the name of the first of appeal.versions whose conditions match the target), or null for the default letter',
  })
  version: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'ru',
    description: 'the translation used (a locale of the chosen version’s translations, or of the default letter’s), or null for its untranslated letter',
  })
  translation: string | null;

  @ApiProperty({ example: 'Use your influence to stop the assault on Homs' })
  subject: string;

  @ApiProperty({
    example:
      'Dear Minister of Foreign Affairs Sergei Lavrov,\n\nI urge Russian Federation to …\n\nCivilians must be protected.\n\nYours sincerely,\nAmal Haddad, Lebanon',
  })
  text: string;

  @ApiProperty({ example: '<p>Dear Minister of Foreign Affairs Sergei Lavrov,</p>\n<p>…</p>' })
  html: string;
}

export class TestSendReceiptDto {
  @ApiProperty({ enum: ['queued'], example: 'queued' })
  status: 'queued';

  @ApiProperty({ format: 'uuid', example: 'e4b8c2a1-7d3f-4c5e-9a0b-1f2e3d4c5b6a', description: 'the test letter (its Message-ID is <test-ID@MAIL_DOMAIN>)' })
  id: string;

  @ApiProperty({ example: 'campaigner@amnesty.example', description: 'your own address: test letters never go to a target' })
  to: string;

  @ApiProperty({ type: PreviewTarget, nullable: true, description: 'the target the letter is rendered for' })
  target: PreviewTarget | null;

  @ApiProperty({ example: '[TEST] Use your influence to stop the assault on Homs' })
  subject: string;
}

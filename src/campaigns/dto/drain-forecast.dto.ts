import { ApiProperty } from '@nestjs/swagger';
import { CAMPAIGN_STATUSES, DELIVERY_MODES, type CampaignStatus, type DeliveryMode } from '../campaign.entity.js';

export const FORECAST_BASES = ['nothing-owed', 'pacing-limit', 'current-rate', 'unknown', 'held'] as const;
export type ForecastBasis = (typeof FORECAST_BASES)[number];

export class TargetForecast {
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f' }) targetId: string;
  @ApiProperty({ example: 'Sergei Lavrov' }) name: string;
  @ApiProperty({ example: 'minister@mid.example' }) email: string;

  @ApiProperty({
    enum: DELIVERY_MODES,
    example: 'individual',
    description: 'digest: the campaign is in digest mode, or this target switched to digests (digestSince)',
  })
  mode: DeliveryMode;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: null, description: 'when the backlog made this target switch to digest letters' })
  digestSince: string | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
    description: 'while the letters to this official are held after their substantive reply (onReply "hold"): since when',
  })
  replyHeldSince: string | null;

  @ApiProperty({ example: 12000, description: "this campaign's letters to the target not yet sent (queued, sending, retrying)" })
  backlog: number;

  @ApiProperty({ example: 12000, description: 'letters to this address not yet sent from every paced campaign: they share its pacing windows' })
  pacedBacklog: number;

  @ApiProperty({ nullable: true, type: Number, example: 100, description: "the campaign's maxPerTargetPerHour; null: not paced" })
  maxPerHour: number | null;

  @ApiProperty({ example: 96, description: "the current send rate: this campaign's letters to the target sent in the last hour" })
  sentLastHour: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 100,
    description: "slots of the address's current pacing window already taken (all campaigns); null when Redis did not answer or not paced",
  })
  sentThisWindow: number | null;

  @ApiProperty({ enum: FORECAST_BASES, example: 'pacing-limit', description: 'how the projection was made; held: nothing goes until the reason below is gone' })
  basis: ForecastBasis;

  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description:
      'why letters to this target are held: the campaign is paused or a draft, the address is failing, or the official gave a substantive reply (onReply "hold")',
  })
  heldBecause: string | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
    description: "the campaign's delivery.startAt, while it is to come: nothing goes before it, and the projection counts from it",
  })
  heldUntil: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Europe/Moscow',
    description:
      "the IANA time zone the campaign's office hours (delivery.sendWindow) are read in for this target (its own, else its country's only one); null: UTC",
  })
  timeZone: string | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
    description: "office hours: the target's window is closed now (or at heldUntil), and opens then; letters owed wait for it. Null: open, or no sendWindow",
  })
  windowOpensAt: string | null;

  @ApiProperty({ nullable: true, type: Number, example: 428400, description: 'seconds until the last letter can go; null when unknown or held' })
  projectedSeconds: number | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2026-11-07T10:00:00.000Z' })
  projectedDrainAt: string | null;

  @ApiProperty({ example: true, description: "the projection passes the campaign's endsAt (unless delivery.startAt is at or after it)" })
  pastEndsAt: boolean;

  @ApiProperty({
    nullable: true,
    type: String,
    example:
      'At 100 letters an hour, the 12,000 letters owed to Sergei Lavrov need until 2026-11-07T10:00:00.000Z: after the campaign ends (2026-11-05T00:00:00.000Z).',
  })
  warning: string | null;
}

export class CampaignForecast {
  @ApiProperty({ format: 'uuid', example: '9b2e4c1d-6f3a-4e8b-b1d2-7c5a0e9f3a21' }) campaignId: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES, example: 'live' }) status: CampaignStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2026-11-05T00:00:00.000Z' }) endsAt: string | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
    description:
      'delivery.startAt: the letters are held until then and projected from it (a startAt at or after endsAt raises no pastEndsAt warning: the letters were meant to go after the end)',
  })
  startAt: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-02T09:15:00.000Z' }) generatedAt: string;
  @ApiProperty({ example: 3600, description: 'the pacing window (TARGET_PACING_WINDOW_SECONDS): maxPerHour letters per window' }) windowSeconds: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 5000,
    description: 'DIGEST_FALLBACK_BACKLOG: a target owed more individual letters switches to digests; null: off',
  })
  digestFallbackBacklog: number | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2026-11-07T10:00:00.000Z',
    description: 'the latest projection among the targets; null when one is unknown or held',
  })
  projectedDrainAt: string | null;

  @ApiProperty({
    type: [String],
    example: [
      'At 100 letters an hour, the 12,000 letters owed to Sergei Lavrov need until 2026-11-07T10:00:00.000Z: after the campaign ends (2026-11-05T00:00:00.000Z).',
    ],
  })
  warnings: string[];

  @ApiProperty({ type: [TargetForecast], description: 'each launched target' }) targets: TargetForecast[];
}

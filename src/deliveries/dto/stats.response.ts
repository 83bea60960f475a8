import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CAMPAIGN_STATUSES, type CampaignStatus } from '../../campaigns/campaign.entity.js';

export class SignatureCounts {
  @ApiProperty({ example: 12 }) pending: number;
  @ApiProperty({ example: 4810 }) confirmed: number;
  @ApiProperty({ example: 7 }) withdrawn: number;
}

export class DeliveryCounts {
  @ApiProperty({ example: 120 }) queued: number;
  @ApiProperty({ example: 20 }) sending: number;
  @ApiProperty({ example: 9470 }) sent: number;
  @ApiProperty({ example: 3 }) retrying: number;
  @ApiProperty({ example: 2 }) failed: number;
  @ApiProperty({ example: 0 }) bounced: number;
  @ApiProperty({ example: 5 }) cancelled: number;
}

export class CampaignStats {
  @ApiProperty({ format: 'uuid', example: '6f0c2a9e-3b1d-4c7a-9e52-8d4f1a0b7c35' }) id: string;
  @ApiProperty({ example: 'stop-the-assault-on-homs' }) slug: string;
  @ApiProperty({ example: 'Stop the assault on Homs' }) title: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES, example: 'live' }) status: CampaignStatus;
  @ApiProperty({ type: SignatureCounts }) signatures: SignatureCounts;
  @ApiProperty({ type: DeliveryCounts }) deliveries: DeliveryCounts;
  @ApiProperty({
    description: 'letters accepted by the SMTP server in the current minute and the 59 before it (one that bounced later still counts)',
    example: 840,
  })
  sentLastHour: number;
  @ApiProperty({ description: 'letters accepted by the SMTP server in the current minute and the 1,439 before it', example: 9120 })
  sentLastDay: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'when the oldest letter not yet sent (queued, sending, retrying) became owed',
    example: '2026-11-02T09:14:03.000Z',
  })
  oldestUnsentAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'its age in seconds; null when nothing is owed', example: 42 })
  oldestUnsentAgeSeconds: number | null;
}

export class QueueCounts {
  @ApiProperty({ example: 118 }) waiting: number;
  @ApiProperty({ example: 20 }) active: number;
  @ApiProperty({ example: 3 }) delayed: number;
  @ApiProperty({ example: 0 }) failed: number;
}

export class StatsResponse {
  @ApiProperty({ example: '2026-11-02T09:15:00.000Z' }) generatedAt: string;
  @ApiProperty({ type: [CampaignStats] }) campaigns: CampaignStats[];
  @ApiProperty({
    description: 'jobs per BullMQ queue (appeals: letters; notifications: supporter emails; maintenance)',
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(QueueCounts) },
    example: { appeals: { waiting: 118, active: 20, delayed: 3, failed: 0 } },
  })
  queues: Record<string, QueueCounts>;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'set when Redis did not answer (queues is then empty)', example: null })
  queueError: string | null;
}

export class SentMinute {
  @ApiProperty({ description: 'start of the minute', example: '2026-11-02T09:14:00.000Z' }) minute: string;
  @ApiProperty({ example: 14 }) sent: number;
}

export class SentPerMinuteResponse {
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'the campaign, or null for all campaigns',
    example: '6f0c2a9e-3b1d-4c7a-9e52-8d4f1a0b7c35',
  })
  campaignId: string | null;
  @ApiProperty({ type: [SentMinute], description: 'oldest first, one entry per minute (zeros included), the current minute last' })
  minutes: SentMinute[];
}

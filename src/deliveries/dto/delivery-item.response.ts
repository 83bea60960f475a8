import { ApiProperty } from '@nestjs/swagger';
import { ATTEMPT_OUTCOMES, type HistoryOutcome } from '../delivery-attempt.entity.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../delivery.entity.js';

export class CampaignRef {
  @ApiProperty({ format: 'uuid', example: '6f0c2a9e-3b1d-4c7a-9e52-8d4f1a0b7c35' }) id: string;
  @ApiProperty({ example: 'stop-the-assault-on-homs' }) slug: string;
  @ApiProperty({ example: 'Stop the assault on Homs' }) title: string;
}

export class TargetRef {
  @ApiProperty({ format: 'uuid', example: '2d7e4b1c-9a3f-4e6d-8b20-5c1f0a9e3d47' }) id: string;
  @ApiProperty({ example: 'Sergei Lavrov' }) name: string;
  @ApiProperty({ example: 'Russian Federation' }) organization: string;
  @ApiProperty({ example: 'minister.lavrov@mid-ru.example' }) email: string;
}

export class DeliveryItem {
  @ApiProperty({ format: 'uuid', example: '7c1d0c1e-2b55-4f0e-9d43-1b2f8d4b9a10' }) id: string;
  @ApiProperty({ type: CampaignRef }) campaign: CampaignRef;
  @ApiProperty({ type: TargetRef }) target: TargetRef;
  @ApiProperty({ description: "the supporter's name (empty for a digest letter)", example: 'Amal Haddad' }) supporterName: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, example: 'sent' }) status: DeliveryStatus;
  @ApiProperty({ description: 'SMTP attempts made (since the last manual retry)', example: 1 }) attempts: number;
  @ApiProperty({ nullable: true, type: String, example: '550 5.1.1 <minister.lavrov@mid-ru.example>: no such user here' }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, example: '<7c1d0c1e-2b55-4f0e-9d43-1b2f8d4b9a10@appeals.example>' }) messageId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '250 2.0.0 Ok: queued as 4F2A1' }) smtpResponse: string | null;
  @ApiProperty({ description: 'when the letter became owed', example: '2026-11-02T09:14:03.000Z' }) queuedAt: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-02T09:14:04.000Z' }) claimedAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-02T09:14:05.000Z' }) sentAt: string | null;
  @ApiProperty({ example: '2026-11-02T09:14:05.000Z' }) updatedAt: string;
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryItem] }) items: DeliveryItem[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'pass as `cursor` for the next page; null on the last page',
    example: 'WyIyMDEyLTAyLTA4IDA5OjMwOjAwLjEyMyswMCIsIjZmMGMyYTllIl0',
  })
  nextCursor: string | null;
}

export class DeliveryAttemptItem {
  @ApiProperty({ description: 'attempt number (counting restarts at 1 after a manual retry)', example: 1 }) attempt: number;
  @ApiProperty({ example: '2026-11-02T09:14:04.000Z' }) startedAt: string;
  @ApiProperty({ example: '2026-11-02T09:14:05.000Z' }) finishedAt: string;
  @ApiProperty({ enum: ATTEMPT_OUTCOMES, example: 'sent' }) outcome: HistoryOutcome;
  @ApiProperty({ nullable: true, type: String, description: "the SMTP server's answer, or the connection error", example: '250 2.0.0 Ok' })
  response: string | null;
  @ApiProperty({ example: 184 }) durationMs: number;
}

export class DeliveryAuditItem {
  @ApiProperty({ example: '2026-11-02T10:02:00.000Z' }) at: string;
  @ApiProperty({ example: 'delivery.retry' }) action: string;
  @ApiProperty({ nullable: true, type: String, example: 'admin@appeals.example' }) actorEmail: string | null;
}

export class DeliveryDetail extends DeliveryItem {
  @ApiProperty({ type: [DeliveryAttemptItem], description: 'every SMTP attempt, oldest first' }) history: DeliveryAttemptItem[];
  @ApiProperty({ type: [DeliveryAuditItem], description: 'staff actions on this letter (retries), oldest first' }) auditTrail: DeliveryAuditItem[];
}

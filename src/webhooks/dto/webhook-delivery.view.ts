import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination.dto.js';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from '../webhook-delivery.entity.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-events.js';

export class ListWebhookDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'failed' })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}

export class WebhookAttemptItem {
  @ApiProperty({ description: 'attempt number (counting starts again after a replay)', example: 1 }) attempt: number;
  @ApiProperty({ example: '2026-11-02T09:14:04.000Z' }) at: string;
  @ApiProperty({ nullable: true, type: Number, description: "the receiver's HTTP status (null: no answer)", example: 500 }) statusCode: number | null;
  @ApiProperty({ example: 184 }) durationMs: number;
  @ApiProperty({ nullable: true, type: String, description: 'the start of the answer (500 characters at most)', example: '{"error":"database unavailable"}' })
  response: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'why there was no answer', example: 'connect ECONNREFUSED 203.0.113.7:443' }) error: string | null;
}

export class WebhookDeliveryItem {
  @ApiProperty({ format: 'uuid', example: '9a7c2e41-5b3d-4f8e-a1c6-2d0e7b9f4a85' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'the event, sent as `webhook-id`', example: 'c41f0b2e-8d6a-4e3f-9b17-5a2c8e0d6f93' }) eventId: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, example: 'signature.confirmed' }) type: WebhookEventType;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'retrying' }) status: WebhookDeliveryStatus;
  @ApiProperty({ example: 2 }) attempts: number;
  @ApiProperty({ description: 'not attempted before this', example: '2026-11-02T09:16:04.000Z' }) nextAttemptAt: string;
  @ApiProperty({ nullable: true, type: Number, example: 500 }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'answered 500: {"error":"database unavailable"}' }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) deliveredAt: string | null;
  @ApiProperty({ description: 'when the event happened', example: '2026-11-02T09:14:03.000Z' }) createdAt: string;
  @ApiProperty({ type: [WebhookAttemptItem], description: 'every HTTP attempt, oldest first' }) history: WebhookAttemptItem[];
}

export class WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryItem] }) items: WebhookDeliveryItem[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'pass as `cursor` for the next page; null on the last page',
    example: 'WyIxMjM0NSJd',
  })
  nextCursor: string | null;
}

export class WebhookReplayResponse {
  @ApiProperty({ description: 'deliveries owed again and handed to the queue', example: 1 }) replayed: number;
}

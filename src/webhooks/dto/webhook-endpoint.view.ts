import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-events.js';

export class WebhookEndpointView {
  @ApiProperty({ format: 'uuid', example: '3b5e8c1a-7d2f-4a9e-b6c1-0f2d4e8a9b17' }) id: string;
  @ApiProperty({ example: 'https://crm.example.org/hooks/appeals' }) url: string;
  @ApiProperty({ nullable: true, type: String, example: 'CiviCRM, production' }) description: string | null;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['signature.confirmed', 'supporter.erased'] }) events: WebhookEventType[];
  @ApiProperty({ example: true }) enabled: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the first failed attempt of the current run of failures (null: the last attempt succeeded, or none was made)',
    example: '2026-11-02T09:14:03.000Z',
  })
  failingSince: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-03T09:15:00.000Z' }) disabledAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'every attempt failed for 24 hours (since 2026-11-02 09:14 UTC)' }) disabledReason: string | null;
  @ApiProperty({ description: 'deliveries queued, being attempted or waiting for a retry', example: 3 }) owed: number;
  @ApiProperty({ description: 'deliveries given up (replay them once the receiver is fixed)', example: 0 }) failed: number;
  @ApiProperty({ example: '2026-10-30T16:02:11.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-11-02T09:14:03.000Z' }) updatedAt: string;
}

/** Made or rotated: the secret, answered this once. */
export class WebhookEndpointWithSecret extends WebhookEndpointView {
  @ApiProperty({
    description:
      'the signing secret (Standard Webhooks): answered only now, keep it in the receiver. `webhook-signature` is `v1,` + base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` keyed by the base64-decoded part after `whsec_`',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret: string;
}

export class WebhookEndpointList {
  @ApiProperty({ type: [WebhookEndpointView] }) items: WebhookEndpointView[];
}

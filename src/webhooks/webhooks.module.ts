import { Module } from '@nestjs/common';
import { AdminWebhooksController } from './admin-webhooks.controller.js';
import { FailingEndpoints } from './failing-endpoints.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookOutbox } from './webhook-outbox.js';

/** Everything the module makes is for the rest of the app too. */
const SERVICES = [WebhookOutbox, WebhookDispatcher, WebhookEndpointsService, WebhookDeliveriesService, FailingEndpoints];

/**
 * Signed webhooks: the outbox (the only writer of the webhook tables; producers record events in
 * their own transactions through it), the queue the deliveries go through, and the admins' API.
 */
@Module({
  controllers: [AdminWebhooksController],
  providers: SERVICES,
  exports: SERVICES,
})
export class WebhooksModule {}

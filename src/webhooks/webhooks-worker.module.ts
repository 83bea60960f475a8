import { Module } from '@nestjs/common';
import { WebhookPoster } from './webhook-poster.js';
import { WebhookRelay } from './webhook-relay.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhooksModule } from './webhooks.module.js';
import { WebhooksProcessor } from './webhooks.processor.js';

/** Only in worker processes: relays owed deliveries to the `webhooks` queue and consumes it (the HTTP attempts). */
@Module({
  imports: [WebhooksModule],
  providers: [WebhookPoster, WebhookSender, WebhooksProcessor, WebhookRelay],
  exports: [WebhookRelay],
})
export class WebhooksWorkerModule {}

import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { CampaignRepliesController } from './campaign-replies.controller.js';
import { RepliesController } from './replies.controller.js';
import { RepliesService } from './replies.service.js';
import { ReplyInbox } from './reply-inbox.js';
import { ReplyKeysModule } from './reply-keys.module.js';
import { ReplyLedger } from './reply-ledger.js';

/**
 * Officials' replies to relayed letters: the inbox the inbound listener hands them to (a worker's
 * BouncesWorkerModule imports this module for it), their ledger, and the campaigners' API.
 */
@Module({
  // a reply's forward is the notification outbox's, its event the webhook outbox's; a substantive
  // one applies its target's onReply rule (campaigns)
  imports: [ReplyKeysModule, NotificationsModule, WebhooksModule, CampaignsModule],
  controllers: [CampaignRepliesController, RepliesController],
  providers: [ReplyLedger, ReplyInbox, RepliesService],
  // ReplyLedger: erasure redacts the replies to a supporter's letters through it
  exports: [ReplyInbox, RepliesService, ReplyLedger],
})
export class RepliesModule {}

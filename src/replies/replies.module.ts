import { Module } from '@nestjs/common';
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
  imports: [ReplyKeysModule],
  controllers: [CampaignRepliesController, RepliesController],
  providers: [ReplyLedger, ReplyInbox, RepliesService],
  exports: [ReplyInbox, RepliesService],
})
export class RepliesModule {}

import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RepliesModule } from '../replies/replies.module.js';
import { SignatureLedgerModule } from '../signatures/signature-ledger.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { PendingRetentionService } from './pending-retention.service.js';
import { SupporterErasureService } from './supporter-erasure.service.js';
import { SupporterExportService } from './supporter-export.service.js';
import { SupportersController } from './supporters.controller.js';

/** Supporters' personal data: access (export), erasure, and retention of unconfirmed signatures. */
@Module({
  // erasure cancels the supporter's unsent letters through the delivery ledger, their emails
  // through the notification outbox; signatures, links and supporters are the signature ledger's;
  // the replies to their letters are redacted through the reply ledger, their words' fingerprints forgotten by the near-duplicate index
  imports: [DeliveriesModule, NotificationsModule, SignatureLedgerModule, WebhooksModule, RepliesModule, ModerationModule],
  controllers: [SupportersController],
  providers: [SupporterExportService, SupporterErasureService, PendingRetentionService],
  // the console's data-requests pages answer with the same services
  exports: [PendingRetentionService, SupporterExportService, SupporterErasureService],
})
export class PrivacyModule {}

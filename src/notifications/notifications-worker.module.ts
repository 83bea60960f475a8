import { Module } from '@nestjs/common';
import { NotificationRelay } from './notification-relay.js';
import { NotificationSender } from './notification-sender.js';
import { NotificationsModule } from './notifications.module.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { SignatureLedgerModule } from '../signatures/signature-ledger.module.js';

/** Only in worker processes: relays owed emails to the `notifications` queue and consumes it. */
@Module({
  // the sender issues the links its emails carry through the signature ledger
  imports: [NotificationsModule, SignatureLedgerModule],
  providers: [NotificationSender, NotificationsProcessor, NotificationRelay],
  exports: [NotificationRelay],
})
export class NotificationsWorkerModule {}

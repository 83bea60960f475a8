import { Module } from '@nestjs/common';
import { NotificationRelay } from './notification-relay.js';
import { NotificationSender } from './notification-sender.js';
import { NotificationsModule } from './notifications.module.js';
import { NotificationsProcessor } from './notifications.processor.js';

/** Only in worker processes: relays owed emails to the `notifications` queue and consumes it. */
@Module({
  imports: [NotificationsModule],
  providers: [NotificationSender, NotificationsProcessor, NotificationRelay],
  exports: [NotificationRelay],
})
export class NotificationsWorkerModule {}

import { Module } from '@nestjs/common';
import { NotificationSender } from './notification-sender.js';
import { NotificationsProcessor } from './notifications.processor.js';

/** Only in worker processes: consumes the `notifications` queue. */
@Module({
  providers: [NotificationSender, NotificationsProcessor],
})
export class NotificationsWorkerModule {}

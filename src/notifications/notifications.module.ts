import { Module } from '@nestjs/common';
import { DeliveryReceiptsService } from './delivery-receipts.service.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { NotificationOutbox } from './notification-outbox.js';

/** Emails to supporters: the outbox (the only writer of `notifications`), the queue they go through, delivery receipts. */
@Module({
  providers: [NotificationOutbox, NotificationDispatcher, DeliveryReceiptsService],
  exports: [NotificationOutbox, NotificationDispatcher, DeliveryReceiptsService],
})
export class NotificationsModule {}

import { Module } from '@nestjs/common';
import { DeliveryReceiptsService } from './delivery-receipts.service.js';
import { NotificationDispatcher } from './notification-dispatcher.js';

@Module({
  providers: [NotificationDispatcher, DeliveryReceiptsService],
  exports: [NotificationDispatcher, DeliveryReceiptsService],
})
export class NotificationsModule {}

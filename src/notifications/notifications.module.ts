import { Module } from '@nestjs/common';
import { NotificationDispatcher } from './notification-dispatcher.js';

@Module({
  providers: [NotificationDispatcher],
  exports: [NotificationDispatcher],
})
export class NotificationsModule {}

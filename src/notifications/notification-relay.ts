import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { OutboxRelay } from '../queue/outbox-relay.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { NotificationOutbox } from './notification-outbox.js';

/**
 * The supporter emails' relay (OutboxRelay), every NOTIFICATION_RELAY_INTERVAL_MS: the emails
 * owed and not yet handed to the queue (written by the signing statement, the confirmation, a
 * stored reply…) go to the queue in bulk. Signing itself then costs one PostgreSQL statement and
 * never waits on Redis.
 */
@Injectable()
export class NotificationRelay extends OutboxRelay {
  constructor(outbox: NotificationOutbox, dispatcher: NotificationDispatcher, @InjectConfig() config: AppConfig) {
    super(outbox, dispatcher, config.notificationRelayIntervalMs, NotificationRelay.name);
  }
}

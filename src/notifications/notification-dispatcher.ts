import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { OutboxQueue } from '../queue/outbox-queue.js';
import { QUEUES } from '../queue/queues.js';

/** Puts supporter emails on the `notifications` queue: job id = notification id. */
@Injectable()
export class NotificationDispatcher extends OutboxQueue {
  constructor(@InjectQueue(QUEUES.notifications) queue: Queue, @InjectConfig() config: AppConfig) {
    super(
      queue,
      'notify',
      () => ({
        attempts: config.deliveryMaxAttempts,
        backoff: { type: 'exponential', delay: Math.min(config.retryBaseDelayMs, 10_000), jitter: 0.5 },
      }),
      new Logger(NotificationDispatcher.name),
    );
  }
}

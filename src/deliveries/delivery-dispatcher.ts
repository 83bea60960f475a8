import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { OutboxQueue } from '../queue/outbox-queue.js';
import { QUEUES } from '../queue/queues.js';

/** Puts deliveries on the `appeals` queue: job id = delivery id, retried with jittered backoff. */
@Injectable()
export class DeliveryDispatcher extends OutboxQueue {
  constructor(@InjectQueue(QUEUES.letters) queue: Queue, @InjectConfig() config: AppConfig) {
    super(
      queue,
      'deliver',
      () => ({
        attempts: config.deliveryMaxAttempts,
        backoff: { type: 'exponential', delay: config.retryBaseDelayMs, jitter: 0.5 },
      }),
      new Logger(DeliveryDispatcher.name),
    );
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { OutboxQueue } from '../queue/outbox-queue.js';
import { QUEUES } from '../queue/queues.js';

/**
 * Puts webhook deliveries on the `webhooks` queue: job id = delivery id. A delivery's retries are
 * not BullMQ's (the worker moves its job to the delayed set until the row's next_attempt_at);
 * BullMQ's own attempts only cover an error of Appeals' (the database away) while recording one.
 */
@Injectable()
export class WebhookDispatcher extends OutboxQueue {
  private readonly wakeLog = new Logger(`${WebhookDispatcher.name}:wake`);

  constructor(@InjectQueue(QUEUES.webhooks) queue: Queue) {
    super(queue, 'webhook', () => ({ attempts: 5, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } }), new Logger(WebhookDispatcher.name));
  }

  /**
   * A delivery that was waiting for an earlier one (same endpoint and supporter), now free to go:
   * its delayed job runs now, or a job is made for it. Best effort: the job's own delay, or the
   * reconciler, brings it round anyway.
   */
  async wake(deliveryId: string): Promise<void> {
    try {
      const job = await this.queue.getJob(deliveryId);
      if (job && (await job.isDelayed())) {
        await job.promote();
        return;
      }
      await this.requeue([deliveryId]);
    } catch (e) {
      this.wakeLog.warn(`webhook delivery ${deliveryId} not woken, its own delay will: ${(e as Error).message}`);
    }
  }
}

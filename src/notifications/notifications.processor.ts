import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { OutboxJob } from '../queue/outbox-queue.js';
import { QUEUES } from '../queue/queues.js';
import { NotificationSender, type NotificationOutcome } from './notification-sender.js';

/** Consumes the `notifications` queue (workers only): emails to supporters. */
@Processor(QUEUES.notifications, { concurrency: 10 })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly sender: NotificationSender) {
    super();
  }

  process(job: Job<OutboxJob>): Promise<NotificationOutcome> {
    return this.sender.send(job.data.id);
  }
}

import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { OutboxJob } from '../queue/outbox-queue.js';
import { QUEUES } from '../queue/queues.js';
import { NotificationSender, type NotificationOutcome } from './notification-sender.js';

/** Consumes the `notifications` queue (workers only): emails to supporters. */
@Processor(QUEUES.notifications, { concurrency: 10 })
export class NotificationsProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly log = new Logger(NotificationsProcessor.name);

  constructor(private readonly sender: NotificationSender) {
    super();
  }

  /** On SIGTERM: take no new email, finish those in hand. */
  async beforeApplicationShutdown() {
    await this.worker.close();
  }

  /**
   * The worker's own errors (a lost Redis connection, a job whose keys vanished with a flushed
   * Redis): logged, never left unhandled. The row in PostgreSQL still says what is owed.
   */
  @OnWorkerEvent('error')
  onWorkerError(error: Error) {
    this.log.warn(`notifications worker: ${error.message}`);
  }

  process(job: Job<OutboxJob>): Promise<NotificationOutcome> {
    return this.sender.send(job.data.id);
  }
}

import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import type { OutboxJob } from '../queue/outbox-queue.js';
import { QUEUES } from '../queue/queues.js';
import { LetterSender, type LetterOutcome } from './letter-sender.js';

/** Consumes the `appeals` queue (workers only): one job, one letter. */
@Processor(QUEUES.letters)
export class DeliveriesProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly sender: LetterSender,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap() {
    this.worker.concurrency = this.config.workerConcurrency;
  }

  process(job: Job<OutboxJob>): Promise<LetterOutcome> {
    return this.sender.deliver(job.data.id);
  }
}

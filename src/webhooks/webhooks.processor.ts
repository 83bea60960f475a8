import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { assertEveryJobHandled, runJob, type JobHandlers, type OutboxJob } from '../queue/jobs.js';
import { QUEUES } from '../queue/queues.js';
import { WorkerGovernor } from '../queue/worker-governor.js';
import { WebhookSender, type WebhookOutcome } from './webhook-sender.js';

/**
 * Consumes the `webhooks` queue (workers only): one job, one delivery, WEBHOOK_CONCURRENCY at a
 * time per process. A delivery to try later (a retry's backoff, or its turn behind an earlier one
 * about the same supporter) keeps its job, moved to the delayed set until then: the row's
 * next_attempt_at says when, so a job lost with Redis is made again by the reconciler.
 */
@Processor(QUEUES.webhooks, { autorun: false })
export class WebhooksProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(WebhooksProcessor.name);
  private readonly handlers: JobHandlers<typeof QUEUES.webhooks> = { webhook: (job, token) => this.deliver(job, token) };

  constructor(
    private readonly sender: WebhookSender,
    @InjectConfig() private readonly config: AppConfig,
    private readonly governor: WorkerGovernor,
  ) {
    super();
    assertEveryJobHandled(QUEUES.webhooks, Object.keys(this.handlers));
  }

  onApplicationBootstrap() {
    this.governor.govern(QUEUES.webhooks, this.worker, this.config.webhooks.concurrency);
    void this.worker.run().catch((e) => this.log.error(`the webhooks worker stopped: ${(e as Error).message}`));
  }

  /** On SIGTERM: take no new delivery, finish those in hand. */
  async beforeApplicationShutdown() {
    await this.worker.close();
  }

  /** The worker's own errors (a lost Redis connection, a job whose keys vanished with a flushed Redis): logged. The row still says what is owed. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error) {
    this.log.warn(`webhooks worker: ${error.message}`);
  }

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(QUEUES.webhooks, this.handlers, job, token);
  }

  private async deliver(job: Job<OutboxJob>, token?: string): Promise<WebhookOutcome['kind']> {
    const outcome = await this.sender.deliver(job.data.id);
    if (outcome.kind !== 'later') return outcome.kind;
    await job.moveToDelayed(Date.now() + outcome.inMs, token);
    throw new DelayedError();
  }
}

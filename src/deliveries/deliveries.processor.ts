import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Worker, type Job, type Queue } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { assertEveryJobHandled, runJob, type JobHandlers, type OutboxJob } from '../queue/jobs.js';
import { QUEUES } from '../queue/queues.js';
import { WorkerGovernor } from '../queue/worker-governor.js';
import { outageHint, SmtpOutagePause } from '../mail/smtp-outage.js';
import { LetterDeferred, LetterSender, SmtpUnreachable, type LetterOutcome } from './letter-sender.js';

/**
 * Consumes the `appeals` queue (workers only): one job, one letter. It starts once configured:
 * WORKER_CONCURRENCY letters in flight, and SMTP_MAX_PER_SECOND across every worker process
 * (BullMQ's limiter lives in Redis).
 */
@Processor(QUEUES.letters, { autorun: false })
export class DeliveriesProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(DeliveriesProcessor.name);
  private readonly outage: SmtpOutagePause;
  private readonly handlers: JobHandlers<typeof QUEUES.letters> = { deliver: (job, token) => this.deliver(job, token) };

  constructor(
    private readonly sender: LetterSender,
    @InjectQueue(QUEUES.letters) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfig,
    private readonly governor: WorkerGovernor,
  ) {
    super();
    this.outage = new SmtpOutagePause(config.smtpOutageMaxPauseMs);
    assertEveryJobHandled(QUEUES.letters, Object.keys(this.handlers));
  }

  onApplicationBootstrap() {
    this.governor.govern(QUEUES.letters, this.worker, this.config.workerConcurrency);
    this.worker.opts.lockDuration = this.config.workerLockSeconds * 1000;
    if (this.config.smtpMaxPerSecond > 0) this.worker.opts.limiter = { max: this.config.smtpMaxPerSecond, duration: 1000 };
    void this.worker.run().catch((e) => this.log.error(`the letters worker stopped: ${(e as Error).message}`));
  }

  /** On SIGTERM: take no new letter, finish those in hand, then let the SMTP pool close. */
  async beforeApplicationShutdown() {
    await this.worker.close();
  }

  /**
   * The worker's own errors (a lost Redis connection, a job whose keys vanished with a flushed
   * Redis): logged, never left unhandled. The row in PostgreSQL still says what is owed.
   */
  @OnWorkerEvent('error')
  onWorkerError(error: Error) {
    this.log.warn(`letters worker: ${error.message}`);
  }

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(QUEUES.letters, this.handlers, job, token);
  }

  private async deliver(job: Job<OutboxJob>, token?: string): Promise<LetterOutcome> {
    try {
      const outcome = await this.sender.deliver(job.data.id);
      this.outage.reset();
      return outcome;
    } catch (e) {
      if (e instanceof LetterDeferred) {
        // the target's pacing window is full: wait for the next one, spending no attempt
        await job.moveToDelayed(e.untilMs, token);
        throw new DelayedError();
      }
      if (e instanceof SmtpUnreachable) {
        // the server is down, not this letter: hold the whole queue back for a while, the pause
        // growing once per pause (letters in flight together fail together)
        const pause = this.outage.hold();
        if (pause.began) this.log.warn(`SMTP server unreachable (${e.message}): pausing letters for ${pause.ms} ms${outageHint(e.message)}`);
        await this.queue.rateLimit(pause.ms);
        throw Worker.RateLimitError();
      }
      throw e;
    }
  }
}

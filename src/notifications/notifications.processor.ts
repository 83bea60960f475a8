import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Worker, type Job, type Queue } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { outageHint, SmtpOutagePause, SmtpUnreachable } from '../mail/smtp-outage.js';
import { assertEveryJobHandled, runJob, type JobHandlers, type OutboxJob } from '../queue/jobs.js';
import { QUEUES } from '../queue/queues.js';
import { WorkerGovernor } from '../queue/worker-governor.js';
import { NotificationSender, type NotificationOutcome } from './notification-sender.js';

/**
 * Supporter emails a worker process has in hand at once. Each step of an email (claim, links,
 * record) shares its statement with the others in flight, so more in hand costs PostgreSQL little;
 * a process that also answers supporters (ROLE=all) holds fewer while a spike keeps its pages busy
 * (WorkerGovernor).
 */
export const EMAILS_IN_HAND = 50;

/** Consumes the `notifications` queue (workers only): emails to supporters. */
@Processor(QUEUES.notifications, { autorun: false })
export class NotificationsProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(NotificationsProcessor.name);
  private readonly outage: SmtpOutagePause;
  private readonly handlers: JobHandlers<typeof QUEUES.notifications> = { notify: (job) => this.notify(job) };

  constructor(
    private readonly sender: NotificationSender,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
    @InjectConfig() config: AppConfig,
    private readonly governor: WorkerGovernor,
  ) {
    super();
    this.outage = new SmtpOutagePause(config.smtpOutageMaxPauseMs);
    assertEveryJobHandled(QUEUES.notifications, Object.keys(this.handlers));
  }

  onApplicationBootstrap() {
    this.governor.govern(QUEUES.notifications, this.worker, EMAILS_IN_HAND);
    void this.worker.run().catch((e) => this.log.error(`the notifications worker stopped: ${(e as Error).message}`));
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

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(QUEUES.notifications, this.handlers, job, token);
  }

  private async notify(job: Job<OutboxJob>): Promise<NotificationOutcome> {
    try {
      const outcome = await this.sender.send(job.data.id);
      this.outage.reset();
      return outcome;
    } catch (e) {
      if (!(e instanceof SmtpUnreachable)) throw e;
      // as for letters: the server is down, not this email; the queue holds back (the pause
      // growing once per pause) and the job goes back to wait, no attempt spent
      const pause = this.outage.hold();
      if (pause.began) this.log.warn(`SMTP server unreachable (${e.message}): pausing supporter emails for ${pause.ms} ms${outageHint(e.message)}`);
      await this.queue.rateLimit(pause.ms);
      throw Worker.RateLimitError();
    }
  }
}

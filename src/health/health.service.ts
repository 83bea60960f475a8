import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { MailTransport } from '../mail/mail-transport.js';
import { QUEUES } from '../queue/queues.js';

const TIMEOUT_MS = 1500;
/** an SMTP check opens a connection: its answer is reused for this long */
const SMTP_CHECK_EVERY_MS = 30_000;

/**
 * `{status: "ok"}` when PostgreSQL and Redis answer; a HealthCheck that throws
 * ServiceUnavailableException (503) when either does not. SMTP is checked too, at most every
 * 30 s, and reported in the details (`smtp.reachable`), but it does not change the status: while
 * the SMTP server is away letters wait in PostgreSQL and nothing is lost, so the app is healthy.
 * Used by GET /health and by the metrics listener of worker-only processes.
 */
@Injectable()
export class HealthService {
  private smtp: { at: number; result: Promise<HealthIndicatorResult> } | null = null;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(QUEUES.letters) private readonly queue: Queue,
    private readonly mail: MailTransport,
  ) {}

  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('database').withTimeout(TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            const client = await this.queue.getBackend().client;
            if (client.status !== 'ready') throw new Error(`redis connection is ${client.status}`);
            await client.runCommand('ping', []);
          })
          .withTimeout(TIMEOUT_MS),
      () => this.smtpCheck(),
    ]);
  }

  private smtpCheck(): Promise<HealthIndicatorResult> {
    if (!this.smtp || Date.now() - this.smtp.at > SMTP_CHECK_EVERY_MS) {
      const smtp = this.indicators.check('smtp');
      this.smtp = {
        at: Date.now(),
        result: this.mail.verify().then(
          () => smtp.up({ server: this.mail.target, reachable: true }),
          (e) => smtp.up({ server: this.mail.target, reachable: false, message: (e as Error).message }),
        ),
      };
    }
    return this.smtp.result;
  }
}

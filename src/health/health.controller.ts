import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import { Public } from '../auth/auth.decorators.js';
import { MailTransport } from '../mail/mail-transport.js';
import { QUEUES } from '../queue/queues.js';

/**
 * 200 when PostgreSQL and Redis answer, 503 when either does not. SMTP is checked too (at most
 * every 30 s), but an unreachable SMTP server only degrades: letters wait, nothing is lost.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(QUEUES.letters) private readonly queue: Queue,
    private readonly mail: MailTransport,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('database').withTimeout(1500),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            const client = await this.queue.getBackend().client;
            if (client.status !== 'ready') throw new Error(`redis connection is ${client.status}`);
            await client.runCommand('ping', []);
          })
          .withTimeout(1500),
      async () => {
        const smtp = this.indicators.check('smtp');
        try {
          await this.mail.verify();
          return smtp.up({ server: this.mail.target });
        } catch (e) {
          return smtp.degraded({ server: this.mail.target, message: (e as Error).message });
        }
      },
    ]);
  }
}

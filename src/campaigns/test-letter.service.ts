import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError, type Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { MailTransport } from '../mail/mail-transport.js';
import { classifySmtpError } from '../mail/smtp-errors.js';
import { QUEUES } from '../queue/queues.js';
import { CampaignsService } from './campaigns.service.js';
import { buildTestLetter, renderSampleLetter } from './sample-letter.js';
import { addJob, type TestLetterJob } from '../queue/jobs.js';

/** A maintenance job: one test letter to the staff member who asked for it. */

export interface TestSendReceipt {
  status: 'queued';
  id: string;
  to: string;
  target: { id: string; name: string; locale: string } | null;
  subject: string;
}

/**
 * Test sends: the letter as rendered for a target, mailed to the campaigner's own address by a
 * worker (never inside the request), with no delivery row and no effect on any count.
 */
@Injectable()
export class TestLetterService {
  private readonly log = new Logger(TestLetterService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly campaigns: CampaignsService,
    private readonly mail: MailTransport,
    private readonly audit: AuditService,
  ) {}

  async request(campaignId: string, targetId: string | undefined, staff: StaffPrincipal): Promise<TestSendReceipt> {
    const campaign = await this.campaigns.get(campaignId);
    const target = this.campaigns.letterTarget(campaign, targetId);
    const job: TestLetterJob = { testId: randomUUID(), campaignId, targetId: target?.id ?? null, userId: staff.id };
    try {
      await addJob(this.queue, 'test-letter', job, {
        jobId: `test-letter-${job.testId}`,
        attempts: 5,
        backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
        removeOnComplete: { count: 100 },
        removeOnFail: { count: 100 },
      });
    } catch (e) {
      this.log.warn(`test letter not queued: ${(e as Error).message}`);
      throw new ServiceUnavailableException('The queue cannot be reached: try again in a moment');
    }
    await this.audit.record(staff, 'campaign.test-send', { type: 'campaign', id: campaignId }, { targetId: job.targetId, to: staff.email });
    const letter = renderSampleLetter({ campaign, target: this.campaigns.letterRecipient(target) });
    return {
      status: 'queued',
      id: job.testId,
      to: staff.email,
      target: target ? { id: target.id, name: target.name, locale: target.locale } : null,
      subject: `[TEST] ${letter.subject}`,
    };
  }

  /** In a worker: renders and sends the test letter; a 5xx answer is final, anything else retried. */
  async send(job: TestLetterJob): Promise<'sent' | 'skipped'> {
    const [user]: { email: string; active: boolean }[] = await this.db.query(`SELECT email, active FROM users WHERE id = $1`, [job.userId]);
    // a campaign deleted meanwhile is no reason to retry; any other error is
    const campaign = await this.campaigns.get(job.campaignId).catch((e) => {
      if (e instanceof NotFoundException) return null;
      throw e;
    });
    if (!user?.active || !campaign) return 'skipped';
    const target = this.campaigns.letterRecipient((job.targetId && campaign.targets.find((t) => t.id === job.targetId)) || null);
    const message = buildTestLetter({ campaign, target }, user.email, job.testId, this.config.mail);
    try {
      await this.mail.send(message);
      return 'sent';
    } catch (error) {
      const failure = classifySmtpError(error);
      this.log.warn(`test letter ${job.testId} to ${user.email}: ${failure.reason}`);
      throw failure.permanent ? new UnrecoverableError(failure.reason) : error;
    }
  }
}

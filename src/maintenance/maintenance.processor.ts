import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { BACKFILL_JOB, CampaignTargetsService, type BackfillJob } from '../campaigns/campaign-targets.service.js';
import { CampaignsService, REDISPATCH_JOB, type RedispatchJob } from '../campaigns/campaigns.service.js';
import { TEST_LETTER_JOB, TestLetterService, type TestLetterJob } from '../campaigns/test-letter.service.js';
import { QUEUES } from '../queue/queues.js';

/**
 * Consumes the `maintenance` queue (workers only): one-off jobs such as launch backfills and the
 * hand-over of a resumed campaign's held letters.
 * Periodic work (reconciling, closing ended campaigns, digests) runs on MaintenanceScheduler.
 */
@Processor(QUEUES.maintenance, { concurrency: 2 })
export class MaintenanceProcessor extends WorkerHost {
  private readonly log = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly campaignTargets: CampaignTargetsService,
    private readonly campaigns: CampaignsService,
    private readonly testLetters: TestLetterService,
  ) {
    super();
  }

  /**
   * The worker's own errors (a lost Redis connection, a job whose keys vanished with a flushed
   * Redis): logged, never left unhandled. The row in PostgreSQL still says what is owed.
   */
  @OnWorkerEvent('error')
  onWorkerError(error: Error) {
    this.log.warn(`maintenance worker: ${error.message}`);
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case BACKFILL_JOB: {
        const data = job.data as BackfillJob;
        const created = await this.campaignTargets.runBackfill(data, (after) => job.updateData({ ...data, after }));
        return { created };
      }
      case REDISPATCH_JOB: {
        const { campaignId } = job.data as RedispatchJob;
        // planned for delivery.startAt, which has moved later (or this clock runs ahead of the
        // database's): wait for it, at most one look a second, rather than hand over letters the
        // claim would only hold again
        const heldUntil = await this.campaigns.lettersHeldUntil(campaignId);
        if (heldUntil) {
          await job.moveToDelayed(Math.max(heldUntil.getTime(), Date.now() + 1000), token);
          throw new DelayedError();
        }
        return { requeued: await this.campaigns.redispatchOwed(campaignId) };
      }
      case TEST_LETTER_JOB:
        return this.testLetters.send(job.data as TestLetterJob);
      default:
        this.log.warn(`unknown maintenance job ${job.name}`);
        return null;
    }
  }
}

import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { CampaignTargetsService } from '../campaigns/campaign-targets.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { TestLetterService } from '../campaigns/test-letter.service.js';
import { assertEveryJobHandled, runJob, type JobHandlers } from '../queue/jobs.js';
import { QUEUES } from '../queue/queues.js';

/**
 * Consumes the `maintenance` queue (workers only): one-off jobs such as launch backfills and the
 * hand-over of a resumed campaign's held letters.
 * Periodic work (reconciling, closing ended campaigns, digests) runs on MaintenanceScheduler.
 */
@Processor(QUEUES.maintenance, { concurrency: 2 })
export class MaintenanceProcessor extends WorkerHost {
  private readonly log = new Logger(MaintenanceProcessor.name);
  private readonly handlers: JobHandlers<typeof QUEUES.maintenance>;

  constructor(campaignTargets: CampaignTargetsService, campaigns: CampaignsService, testLetters: TestLetterService) {
    super();
    this.handlers = {
      'backfill-target': async (job) => {
        const created = await campaignTargets.runBackfill(job.data, (after) => job.updateData({ ...job.data, after }));
        return { created };
      },
      'redispatch-campaign': async (job, token) => {
        const { campaignId } = job.data;
        // planned for delivery.startAt, which has moved later (or this clock runs ahead of the
        // database's): wait for it, at most one look a second, rather than hand over letters the
        // claim would only hold again
        const heldUntil = await campaigns.lettersHeldUntil(campaignId);
        if (heldUntil) {
          await job.moveToDelayed(Math.max(heldUntil.getTime(), Date.now() + 1000), token);
          throw new DelayedError();
        }
        return { requeued: await campaigns.redispatchOwed(campaignId) };
      },
      'test-letter': (job) => testLetters.send(job.data),
    };
    assertEveryJobHandled(QUEUES.maintenance, Object.keys(this.handlers));
  }

  /**
   * The worker's own errors (a lost Redis connection, a job whose keys vanished with a flushed
   * Redis): logged, never left unhandled. The row in PostgreSQL still says what is owed.
   */
  @OnWorkerEvent('error')
  onWorkerError(error: Error) {
    this.log.warn(`maintenance worker: ${error.message}`);
  }

  process(job: Job, token?: string): Promise<unknown> {
    return runJob(QUEUES.maintenance, this.handlers, job, token);
  }
}

import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { BACKFILL_JOB, CampaignTargetsService, type BackfillJob } from '../campaigns/campaign-targets.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { QUEUES } from '../queue/queues.js';
import { Reconciler } from './reconciler.js';

export const RECONCILE_JOB = 'reconcile';
export const CLOSE_ENDED_JOB = 'close-ended-campaigns';

/**
 * Consumes the `maintenance` queue (workers only): launch backfills, and two job schedulers
 * (BullMQ keeps one of each per queue, however many workers upsert them): the reconciler and
 * the closing of campaigns whose endsAt has passed.
 */
@Processor(QUEUES.maintenance, { concurrency: 2 })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly log = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfig,
    private readonly reconciler: Reconciler,
    private readonly campaigns: CampaignsService,
    private readonly campaignTargets: CampaignTargetsService,
  ) {
    super();
  }

  async onApplicationBootstrap() {
    const keep = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };
    await this.queue.upsertJobScheduler(RECONCILE_JOB, { every: this.config.reconcileIntervalSeconds * 1000 }, { name: RECONCILE_JOB, opts: keep });
    await this.queue.upsertJobScheduler(CLOSE_ENDED_JOB, { every: 60_000 }, { name: CLOSE_ENDED_JOB, opts: keep });
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case RECONCILE_JOB:
        return this.reconciler.run();
      case CLOSE_ENDED_JOB:
        return { closed: await this.campaigns.closeEnded() };
      case BACKFILL_JOB: {
        const data = job.data as BackfillJob;
        const created = await this.campaignTargets.runBackfill(data, (after) => job.updateData({ ...data, after }));
        return { created };
      }
      default:
        this.log.warn(`unknown maintenance job ${job.name}`);
        return null;
    }
  }
}

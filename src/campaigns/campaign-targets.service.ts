import { InjectQueue } from '@nestjs/bullmq';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { lockCampaign } from '../database/campaign-lock.js';
import { DeliveryLedger } from '../deliveries/delivery-ledger.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import { withoutLiveJob } from '../queue/outbox-queue.js';
import { QUEUES } from '../queue/queues.js';
import { CampaignsService, type CampaignTargetView } from './campaigns.service.js';
import { addJob, type BackfillJob } from '../queue/jobs.js';
import type { CampaignStatus } from './campaign.entity.js';
import type { CampaignTargetStatus } from './campaign-target.entity.js';

const BACKFILL_BATCH = 5000;

/** A campaign's link to a target, locked for a launch (CampaignTargetsService.launch). */
interface LaunchRow {
  status: CampaignTargetStatus;
  campaign_status: CampaignStatus;
  has_signatures: boolean;
}

/** Attaching, launching and withdrawing the targets of a campaign. */
@Injectable()
export class CampaignTargetsService {
  private readonly log = new Logger(CampaignTargetsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly deliveries: DeliveryLedger,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
  ) {}

  async attach(campaignId: string, targetId: string, actor: StaffPrincipal | null): Promise<CampaignTargetView> {
    const campaign = await this.campaigns.get(campaignId);
    if (campaign.status === 'closed') throw new ConflictException('A closed campaign takes no new targets');
    const [target]: { id: string; active: boolean }[] = await this.db.query(`SELECT id, active FROM targets WHERE id = $1`, [targetId]);
    if (!target) throw new NotFoundException(`No target ${targetId}`);
    if (!target.active) throw new ConflictException('This target is deactivated');
    // attaching again is harmless; a withdrawn target comes back as pending
    await this.db.query(
      `INSERT INTO campaign_targets (campaign_id, target_id) VALUES ($1, $2)
       ON CONFLICT (campaign_id, target_id) DO UPDATE
         SET status = 'pending', withdrawn_at = NULL, launched_at = NULL, backfilled_at = NULL
         WHERE campaign_targets.status = 'withdrawn'`,
      [campaignId, targetId],
    );
    await this.audit.record(actor, 'target.attach', { type: 'campaign', id: campaignId }, { targetId });
    return this.view(campaignId, targetId);
  }

  /**
   * From now on every confirmed signature of the campaign owes this target a letter: those
   * confirmed from now on get it as they confirm; those confirmed already get it from a backfill
   * job (in batches, so that 100,000 signatures do not hold the request).
   */
  async launch(campaignId: string, targetId: string, actor: StaffPrincipal | null): Promise<CampaignTargetView & { backfill: 'queued' | 'done' }> {
    const needsBackfill = await this.db.transaction(async (em) => {
      await lockCampaign(em, campaignId, 'exclusive');
      const [row] = await em.query<LaunchRow[]>(
        `SELECT ct.status, c.status AS campaign_status,
                EXISTS (SELECT 1 FROM signatures s WHERE s.campaign_id = ct.campaign_id AND s.status = 'confirmed') AS has_signatures
           FROM campaign_targets ct JOIN campaigns c ON c.id = ct.campaign_id
          WHERE ct.campaign_id = $1 AND ct.target_id = $2 FOR UPDATE OF ct`,
        [campaignId, targetId],
      );
      if (!row) throw new NotFoundException(`Target ${targetId} is not attached to campaign ${campaignId}`);
      if (row.campaign_status === 'closed') throw new ConflictException('A closed campaign takes no new targets');
      if (row.status === 'withdrawn') throw new ConflictException('This target was withdrawn: attach it again first');
      if (row.status === 'launched') return false;
      // with no confirmed signature yet there is nothing to backfill: the launch is complete now
      await em.query(
        `UPDATE campaign_targets SET status = 'launched', launched_at = now(),
                backfilled_at = CASE WHEN $3 THEN NULL ELSE now() END
          WHERE campaign_id = $1 AND target_id = $2`,
        [campaignId, targetId, row.has_signatures],
      );
      await this.audit.record(actor, 'target.launch', { type: 'campaign', id: campaignId }, { targetId }, em);
      return row.has_signatures;
    });
    if (needsBackfill) await this.scheduleBackfill(campaignId, targetId);
    const view = await this.view(campaignId, targetId);
    return { ...view, backfill: view.backfilledAt ? 'done' : 'queued' };
  }

  /** Cancels the letters not yet sent to this target; those in an SMTP conversation finish. */
  async withdraw(campaignId: string, targetId: string, actor: StaffPrincipal | null): Promise<CampaignTargetView & { cancelled: number }> {
    const cancelled = await this.db.transaction(async (em) => {
      await lockCampaign(em, campaignId, 'exclusive');
      const updated: { target_id: string }[] = await em.query(
        `WITH w AS (
           UPDATE campaign_targets SET status = 'withdrawn', withdrawn_at = now()
            WHERE campaign_id = $1 AND target_id = $2 AND status <> 'withdrawn' RETURNING target_id
         ) SELECT target_id FROM w`,
        [campaignId, targetId],
      );
      if (!updated.length) {
        const [exists]: unknown[] = await em.query(`SELECT 1 FROM campaign_targets WHERE campaign_id = $1 AND target_id = $2`, [campaignId, targetId]);
        if (!exists) throw new NotFoundException(`Target ${targetId} is not attached to campaign ${campaignId}`);
        return 0;
      }
      const n = await this.deliveries.cancelUnsentForTarget(em, campaignId, targetId);
      await this.audit.record(actor, 'target.withdraw', { type: 'campaign', id: campaignId }, { targetId, cancelled: n }, em);
      return n;
    });
    return { ...(await this.view(campaignId, targetId)), cancelled };
  }

  async scheduleBackfill(campaignId: string, targetId: string): Promise<void> {
    const data: BackfillJob = { campaignId, targetId, after: null };
    const jobId = `backfill-${campaignId}-${targetId}`;
    try {
      // a finished job of an earlier launch would make BullMQ ignore this one
      if (!(await withoutLiveJob(this.maintenance, [jobId])).length) return;
      await addJob(this.maintenance, 'backfill-target', data, {
        jobId,
        attempts: 10,
        backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
      });
    } catch (e) {
      // campaign_targets.backfilled_at stays null: the reconciler schedules it again
      this.log.warn(`backfill for target ${targetId} not scheduled yet: ${(e as Error).message}`);
    }
  }

  /** Runs a launch backfill to the end, reporting progress so a retried job resumes. */
  async runBackfill(job: BackfillJob, progress: (after: string) => Promise<void>): Promise<number> {
    let after = job.after ?? null;
    let created = 0;
    for (;;) {
      const step = await this.deliveries.backfillStep(job.campaignId, job.targetId, after, BACKFILL_BATCH);
      if (step.created.length) {
        created += step.created.length;
        await this.dispatcher.enqueue(step.created);
      }
      if (!step.nextAfter) break;
      after = step.nextAfter;
      await progress(after);
    }
    await this.db.query(`UPDATE campaign_targets SET backfilled_at = now() WHERE campaign_id = $1 AND target_id = $2 AND status = 'launched'`, [
      job.campaignId,
      job.targetId,
    ]);
    this.log.log(`backfill of target ${job.targetId} on campaign ${job.campaignId}: ${created} letter(s) owed`);
    return created;
  }

  private async view(campaignId: string, targetId: string): Promise<CampaignTargetView> {
    const campaign = await this.campaigns.get(campaignId);
    const view = campaign.targets.find((t) => t.id === targetId);
    if (!view) throw new NotFoundException(`Target ${targetId} is not attached to campaign ${campaignId}`);
    return view;
  }
}

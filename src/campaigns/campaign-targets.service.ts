import { InjectQueue } from '@nestjs/bullmq';
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
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
import type { CampaignTargetStatus, OnReplyRule } from './campaign-target.entity.js';
import { ReplyRules, type ReplyRuleRow } from './reply-rules.js';
import { EVERYONE, type Audience } from './audience.js';
import { applyTargetFilter } from '../targets/target-filters.js';
import { Target } from '../targets/target.entity.js';

/** What a change of audience does, said in the answer (and the console). */
export const AUDIENCE_NOTE = 'Letters already owed stay owed; the new audience decides for signatures confirmed from now on.';
/** What a change of the onReply rule does, said in the answer. */
export const ON_REPLY_NOTE = 'The rule applies when a reply from this official is marked substantive from now on.';

/** The fields of a bulk attach's filter (BulkTargetFilterDto), each narrowing it. */
export interface BulkTargetFilter {
  tag?: string;
  country?: string;
  organization?: string;
  q?: string;
}

export interface BulkAttachResult {
  matched: number;
  attached: number;
  alreadyAttached: number;
  attachedIds: string[];
}

const BACKFILL_BATCH = 5000;

/** A campaign's link to a target, locked for a launch (CampaignTargetsService.launch). */
interface LaunchRow {
  status: CampaignTargetStatus;
  campaign_status: CampaignStatus;
  has_signatures: boolean;
}

/** Attaching, launching and withdrawing the targets of a campaign; their audiences and onReply rules; releasing a hold. */
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
    private readonly rules: ReplyRules,
  ) {}

  async attach(
    campaignId: string,
    { targetId, audience }: { targetId: string; audience?: Audience },
    actor: StaffPrincipal | null,
  ): Promise<CampaignTargetView> {
    const campaign = await this.campaigns.get(campaignId);
    if (campaign.status === 'closed') throw new ConflictException('A closed campaign takes no new targets');
    const [target]: { id: string; active: boolean }[] = await this.db.query(`SELECT id, active FROM targets WHERE id = $1`, [targetId]);
    if (!target) throw new NotFoundException(`No target ${targetId}`);
    if (!target.active) throw new ConflictException('This target is deactivated');
    const attached = campaign.targets.find((t) => t.id === targetId && t.status !== 'withdrawn');
    if (attached && audience) return this.setAudience(campaignId, targetId, audience, actor);
    // attaching again is harmless; a withdrawn target comes back as pending (with the audience given, else the one it had)
    await this.db.query(
      `INSERT INTO campaign_targets (campaign_id, target_id, audience) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id, target_id) DO UPDATE
         SET status = 'pending', withdrawn_at = NULL, launched_at = NULL, backfilled_at = NULL,
             audience = CASE WHEN $4 THEN excluded.audience ELSE campaign_targets.audience END
         WHERE campaign_targets.status = 'withdrawn'`,
      [campaignId, targetId, audience ?? EVERYONE, audience !== undefined],
    );
    await this.audit.record(actor, 'target.attach', { type: 'campaign', id: campaignId }, { targetId, audience: audience ?? null });
    return this.view(campaignId, targetId);
  }

  /**
   * Changes whose letters a target receives. Never retroactive: letters owed stay owed, and the new
   * audience decides for the signatures confirmed from now on (and for a launch backfill that has
   * not reached them yet). Holding the campaign's lock exclusively, so that no confirmation is
   * half-way through with the old one.
   */
  async setAudience(campaignId: string, targetId: string, audience: Audience, actor: StaffPrincipal | null): Promise<CampaignTargetView & { note: string }> {
    await this.db.transaction(async (em) => {
      await lockCampaign(em, campaignId, 'exclusive');
      const [row]: { audience: Audience; status: CampaignTargetStatus }[] = await em.query(
        `SELECT audience, status FROM campaign_targets WHERE campaign_id = $1 AND target_id = $2 FOR UPDATE`,
        [campaignId, targetId],
      );
      if (!row) throw new NotFoundException(`Target ${targetId} is not attached to campaign ${campaignId}`);
      if (row.status === 'withdrawn') throw new ConflictException('This target was withdrawn: attach it again first');
      await em.query(`UPDATE campaign_targets SET audience = $3 WHERE campaign_id = $1 AND target_id = $2`, [campaignId, targetId, audience]);
      await this.audit.record(actor, 'target.audience', { type: 'campaign', id: campaignId }, { targetId, from: row.audience, to: audience }, em);
    });
    return { ...(await this.view(campaignId, targetId)), note: AUDIENCE_NOTE };
  }

  /**
   * PATCH …/targets/:targetId: the audience (as setAudience), the onReply rule, or both, in one
   * transaction holding the campaign's lock exclusively; each change audited (`target.audience`,
   * `target.on-reply-rule`), the same value again changing and recording nothing. The rule is not
   * retroactive, except for a hold it made: leaving `hold` while held releases the letters
   * (`target.release`), and `digest` switches the target to digests for the reply that held it.
   */
  async change(
    campaignId: string,
    targetId: string,
    change: { audience?: Audience; onReply?: OnReplyRule },
    actor: StaffPrincipal | null,
  ): Promise<CampaignTargetView & { note: string; released: number }> {
    if (change.audience === undefined && change.onReply === undefined) {
      throw new BadRequestException('give audience, onReply or both, e.g. {"onReply":"hold"}');
    }
    const cleared = await this.db.transaction(async (em) => {
      await lockCampaign(em, campaignId, 'exclusive');
      const [row]: ({ audience: Audience } & ReplyRuleRow)[] = await em.query(
        `SELECT audience, status, on_reply, reply_held_since, reply_held_by FROM campaign_targets WHERE campaign_id = $1 AND target_id = $2 FOR UPDATE`,
        [campaignId, targetId],
      );
      if (!row) throw new NotFoundException(`Target ${targetId} is not attached to campaign ${campaignId}`);
      if (row.status === 'withdrawn') throw new ConflictException('This target was withdrawn: attach it again first');
      if (change.audience !== undefined) {
        await em.query(`UPDATE campaign_targets SET audience = $3 WHERE campaign_id = $1 AND target_id = $2`, [campaignId, targetId, change.audience]);
        await this.audit.record(actor, 'target.audience', { type: 'campaign', id: campaignId }, { targetId, from: row.audience, to: change.audience }, em);
      }
      if (change.onReply === undefined || change.onReply === row.on_reply) return false;
      await em.query(`UPDATE campaign_targets SET on_reply = $3 WHERE campaign_id = $1 AND target_id = $2`, [campaignId, targetId, change.onReply]);
      await this.audit.record(actor, 'target.on-reply-rule', { type: 'campaign', id: campaignId }, { targetId, from: row.on_reply, to: change.onReply }, em);
      if (!row.reply_held_since || change.onReply === 'hold') return false;
      const was = await this.rules.clearHold(em, campaignId, targetId);
      if (!was) return false;
      const details = { targetId, replyId: was.heldBy, heldSince: was.heldSince, reason: `onReply changed to ${change.onReply}` };
      await this.audit.record(actor, 'target.release', { type: 'campaign', id: campaignId }, details, em);
      if (change.onReply === 'digest' && was.heldBy) await this.rules.digestInstead(em, { campaignId, targetId, replyId: was.heldBy }, actor);
      return true;
    });
    const released = cleared ? await this.rules.requeueOwed(campaignId, targetId) : 0;
    const notes = [
      ...(change.audience !== undefined ? [AUDIENCE_NOTE] : []),
      ...(change.onReply !== undefined ? [ON_REPLY_NOTE] : []),
      ...(cleared ? [`The letters held after the official's reply go now (${released}).`] : []),
    ];
    return { ...(await this.view(campaignId, targetId)), note: notes.join(' '), released };
  }

  /**
   * Releases the letters held after a substantive reply (onReply "hold"): the hold cleared (audited
   * `target.release`) and every letter still owed to the official handed to the queue again, each
   * sent once. 409 when they are not held.
   */
  async release(campaignId: string, targetId: string, actor: StaffPrincipal | null): Promise<CampaignTargetView & { released: number }> {
    await this.db.transaction(async (em) => {
      const [row]: Pick<ReplyRuleRow, 'status'>[] = await em.query(`SELECT status FROM campaign_targets WHERE campaign_id = $1 AND target_id = $2 FOR UPDATE`, [
        campaignId,
        targetId,
      ]);
      if (!row) throw new NotFoundException(`Target ${targetId} is not attached to campaign ${campaignId}`);
      const was = await this.rules.clearHold(em, campaignId, targetId);
      if (!was) throw new ConflictException('The letters to this target are not held after a reply: there is nothing to release');
      await this.audit.record(actor, 'target.release', { type: 'campaign', id: campaignId }, { targetId, replyId: was.heldBy, heldSince: was.heldSince }, em);
    });
    const released = await this.rules.requeueOwed(campaignId, targetId);
    return { ...(await this.view(campaignId, targetId)), released };
  }

  /** Attaches every active target the filter matches (pending, with `audience`); those attached already are left as they are. */
  async attachMatching(campaignId: string, filter: BulkTargetFilter, audience: Audience | undefined, actor: StaffPrincipal | null): Promise<BulkAttachResult> {
    const given = Object.entries(filter).filter(([, v]) => typeof v === 'string' && v !== '');
    if (!given.length) throw new BadRequestException('filter must give at least one of tag, country, organization or q');
    const campaign = await this.campaigns.get(campaignId);
    if (campaign.status === 'closed') throw new ConflictException('A closed campaign takes no new targets');
    // the directory's own filter (GET /api/targets), so that a bulk attach takes exactly the targets a search lists
    const [matching, params] = applyTargetFilter(this.db.getRepository(Target).createQueryBuilder('t').select('t.id', 'id'), {
      ...filter,
      active: true,
    }).getQueryAndParameters();
    const n = params.length;
    const [row]: { matched: number; attached: string[] }[] = await this.db.query(
      `WITH matching AS (${matching}), attached AS (
         INSERT INTO campaign_targets (campaign_id, target_id, audience)
         SELECT $${n + 1}::uuid, id, $${n + 2}::jsonb FROM matching
         ON CONFLICT (campaign_id, target_id) DO UPDATE
           SET status = 'pending', withdrawn_at = NULL, launched_at = NULL, backfilled_at = NULL, audience = excluded.audience
           WHERE campaign_targets.status = 'withdrawn'
         RETURNING target_id
       )
       SELECT (SELECT count(*)::int FROM matching) AS matched, ARRAY(SELECT target_id FROM attached) AS attached`,
      [...params, campaignId, audience ?? EVERYONE],
    );
    const report = { matched: row.matched, attached: row.attached.length, alreadyAttached: row.matched - row.attached.length, attachedIds: row.attached };
    await this.audit.record(
      actor,
      'target.attach-bulk',
      { type: 'campaign', id: campaignId },
      { filter, audience: audience ?? null, matched: report.matched, attached: report.attached, alreadyAttached: report.alreadyAttached },
    );
    return report;
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

  /**
   * Launches every target of the campaign still pending (after a bulk attach): each as `launch`
   * does, audited one by one. Answers the targets launched and how many wait for a backfill.
   */
  async launchPending(campaignId: string, actor: StaffPrincipal | null): Promise<{ launched: string[]; backfilling: number }> {
    const campaign = await this.campaigns.get(campaignId);
    if (campaign.status === 'closed') throw new ConflictException('A closed campaign takes no new targets');
    const launched: string[] = [];
    let backfilling = 0;
    for (const t of campaign.targets.filter((x) => x.status === 'pending')) {
      const r = await this.launch(campaignId, t.id, actor);
      launched.push(t.id);
      if (r.backfill === 'queued') backfilling++;
    }
    return { launched, backfilling };
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
        // a campaign that holds its letters (paused, a draft, before delivery.startAt) keeps them
        // in PostgreSQL: jobs now would only be held by the claim, then replaced by the resume's
        // hand-over (which reads these rows: they are committed before this check)
        if (await this.campaigns.sendsNow(job.campaignId)) await this.dispatcher.enqueue(step.created);
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

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { lockCampaign } from '../database/campaign-lock.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import { OWED_SQL } from '../deliveries/delivery-transitions.js';
import type { CampaignTargetStatus, OnReplyRule } from './campaign-target.entity.js';
import { DigestFallbackService } from './digest-fallback.service.js';

const REQUEUE_BATCH = 5000;

/** The reply a rule applies after: a substantive answer from the official a campaign wrote to. */
export interface SubstantiveReply {
  replyId: string;
  campaignId: string;
  targetId: string;
}

/** What the rule did (null: nothing: continue, or held / on digests already). */
export type ReplyRuleOutcome = { rule: 'hold'; held: number } | { rule: 'digest'; folded: number };

/** A campaign target's rule and hold, as read under its lock. */
export interface ReplyRuleRow {
  status: CampaignTargetStatus;
  on_reply: OnReplyRule;
  reply_held_since: Date | null;
  reply_held_by: string | null;
}

/**
 * What a substantive reply from an official does to the rest of the campaign's letters to them
 * (campaign_targets.on_reply): `continue` nothing; `hold` holds them (`reply_held_since`: the
 * letter claim and the reconciler leave them queued, no attempt spent, until a campaigner
 * releases them); `digest` switches the target to digest letters (DigestFallbackService: the
 * individual letters owed are folded into them). Applied in the transaction that marks the reply
 * substantive, audited as `target.on-reply` by whoever marked it. A release clears the hold
 * (audited `target.release` by the caller) and hands the held letters to the queue again: each
 * is sent once, as the claim takes a letter once.
 */
@Injectable()
export class ReplyRules {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly digests: DigestFallbackService,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  /** In the marking transaction: the target's rule, applied after `reply` was marked substantive. */
  async afterSubstantive(em: EntityManager, reply: SubstantiveReply, actor: StaffPrincipal | null): Promise<ReplyRuleOutcome | null> {
    const { campaignId, targetId, replyId } = reply;
    const [row]: Pick<ReplyRuleRow, 'status' | 'on_reply'>[] = await em.query(
      `SELECT status, on_reply FROM campaign_targets WHERE campaign_id = $1 AND target_id = $2`,
      [campaignId, targetId],
    );
    if (!row || row.status !== 'launched' || row.on_reply === 'continue') return null;
    if (row.on_reply === 'hold') {
      const [held]: { n: number }[] = await em.query(
        `WITH h AS (
           UPDATE campaign_targets SET reply_held_since = now(), reply_held_by = $3
            WHERE campaign_id = $1 AND target_id = $2 AND status = 'launched' AND on_reply = 'hold' AND reply_held_since IS NULL
           RETURNING 1
         )
         SELECT (SELECT count(*)::int FROM deliveries WHERE campaign_id = $1 AND target_id = $2 AND status IN ${OWED_SQL}) AS n
          WHERE EXISTS (SELECT 1 FROM h)`,
        [campaignId, targetId, replyId],
      );
      if (!held) return null;
      await this.audit.record(actor, 'target.on-reply', { type: 'campaign', id: campaignId }, { targetId, replyId, rule: 'hold', held: held.n }, em);
      return { rule: 'hold', held: held.n };
    }
    // digest: folding owed letters takes the campaign's lock exclusively, as the backlog fallback does
    await lockCampaign(em, campaignId, 'exclusive');
    const folded = await this.digests.switchAfterReply(em, campaignId, targetId);
    if (folded === null) return null;
    await this.audit.record(actor, 'target.on-reply', { type: 'campaign', id: campaignId }, { targetId, replyId, rule: 'digest', folded }, em);
    return { rule: 'digest', folded };
  }

  /**
   * In the caller's transaction, holding the campaign's lock exclusively: the target switched to
   * digests for the reply that held it (onReply changed from hold to digest while held). Audited
   * as `target.on-reply`; answers how many letters were folded (null: nothing to switch).
   */
  async digestInstead(em: EntityManager, reply: SubstantiveReply, actor: StaffPrincipal | null): Promise<number | null> {
    const folded = await this.digests.switchAfterReply(em, reply.campaignId, reply.targetId);
    if (folded === null) return null;
    await this.audit.record(
      actor,
      'target.on-reply',
      { type: 'campaign', id: reply.campaignId },
      { targetId: reply.targetId, replyId: reply.replyId, rule: 'digest', folded },
      em,
    );
    return folded;
  }

  /** In the caller's transaction: the hold cleared. Answers what it was (null: not held). */
  async clearHold(em: EntityManager, campaignId: string, targetId: string): Promise<{ heldSince: Date; heldBy: string | null } | null> {
    const [row]: { held_since: Date; held_by: string | null }[] = await em.query(
      // the self-join reads the row as it was before this statement: what the hold was
      `WITH c AS (
         UPDATE campaign_targets ct SET reply_held_since = NULL, reply_held_by = NULL
           FROM campaign_targets old
          WHERE ct.campaign_id = $1 AND ct.target_id = $2 AND ct.reply_held_since IS NOT NULL
            AND old.campaign_id = ct.campaign_id AND old.target_id = ct.target_id
         RETURNING old.reply_held_since AS held_since, old.reply_held_by AS held_by
       ) SELECT held_since, held_by FROM c`,
      [campaignId, targetId],
    );
    return row ? { heldSince: row.held_since, heldBy: row.held_by } : null;
  }

  /**
   * After a release has committed: every letter still owed to the target by the campaign is
   * handed to the queue again (a finished job of its held attempt is replaced). Answers how many.
   */
  async requeueOwed(campaignId: string, targetId: string): Promise<number> {
    let owed = 0;
    let after: string | null = null;
    for (;;) {
      const rows: { id: string }[] = await this.db.query(
        `SELECT id FROM deliveries
          WHERE campaign_id = $1 AND target_id = $2 AND status IN ${OWED_SQL} AND ($3::uuid IS NULL OR id > $3::uuid)
          ORDER BY id LIMIT $4`,
        [campaignId, targetId, after, REQUEUE_BATCH],
      );
      if (!rows.length) return owed;
      owed += rows.length;
      await this.dispatcher.requeue(rows.map((r) => r.id));
      after = rows[rows.length - 1].id;
    }
  }
}

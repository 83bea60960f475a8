import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { lockCampaign } from '../database/campaign-lock.js';
import { DeliveryLedger } from '../deliveries/delivery-ledger.js';
import { OWED_SQL } from '../deliveries/delivery-transitions.js';

export const FOLDED_INTO_DIGEST = 'folded into digest letters: the backlog to this target passed DIGEST_FALLBACK_BACKLOG';

export const FOLDED_AFTER_REPLY = 'folded into digest letters: the official gave a substantive reply (onReply: digest)';

export interface DigestSwitch {
  campaignId: string;
  targetId: string;
  /** individual letters owed at the switch, now carried by the digests */
  folded: number;
}

/**
 * The automatic switch to digest delivery (DIGEST_FALLBACK_BACKLOG, off at 0): a launched target
 * of an individual-mode campaign owed more individual letters than the threshold gets, from now
 * on, one digest letter per digest interval instead (audited as `target.digest-fallback`).
 *
 * Nothing owed is lost and nothing is sent twice. In one transaction, holding the campaign's lock
 * exclusively (confirmations hold it shared, so each one either committed before and its letter
 * is folded here, or starts after and owes this target no letter of its own): the target is
 * marked (`digest_since`), and its individual letters still owed (queued, retrying) are cancelled
 * as "folded". A digest lists every signature confirmed in its period that has no letter of its
 * own to the target other than a cancelled one: the folded signatures and every later one, but
 * never one whose letter was sent, is in an SMTP conversation now (`sending`), or is owed again
 * after a failed attempt (those finish as individual letters). The first digest covers every
 * period from the start of the campaign up to the last digest boundary.
 */
@Injectable()
export class DigestFallbackService {
  private readonly log = new Logger(DigestFallbackService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly ledger: DeliveryLedger,
  ) {}

  /** Switches every target over the threshold; a run of the maintenance timer (workers). */
  async run(): Promise<DigestSwitch[]> {
    const threshold = this.config.digestFallbackBacklog;
    if (!threshold) return [];
    const candidates: { campaign_id: string; target_id: string }[] = await this.db.query(
      `SELECT ct.campaign_id, ct.target_id
         FROM campaign_targets ct
         JOIN campaigns c ON c.id = ct.campaign_id
        WHERE ct.status = 'launched' AND ct.digest_since IS NULL
          AND c.delivery->>'mode' = 'individual' AND c.status IN ('live', 'paused', 'closed')
          AND ${this.backlogOver('ct.campaign_id', 'ct.target_id', '$1')}`,
      [threshold],
    );
    const switched: DigestSwitch[] = [];
    for (const c of candidates) {
      const s = await this.switchTarget(c.campaign_id, c.target_id, threshold);
      if (s) switched.push(s);
    }
    return switched;
  }

  private async switchTarget(campaignId: string, targetId: string, threshold: number): Promise<DigestSwitch | null> {
    const folded = await this.db.transaction(async (em) => {
      await lockCampaign(em, campaignId, 'exclusive');
      // looked at again under the lock: a worker may have sent some meanwhile
      const marked: unknown[] = await em.query(
        `WITH m AS (
           UPDATE campaign_targets SET digest_since = now()
            WHERE campaign_id = $1 AND target_id = $2 AND status = 'launched' AND digest_since IS NULL
              AND ${this.backlogOver('$1::uuid', '$2::uuid', '$3')}
           RETURNING 1
         ) SELECT 1 FROM m`,
        [campaignId, targetId, threshold],
      );
      if (!marked.length) return null;
      const n = await this.ledger.foldIntoDigests(em, campaignId, targetId, FOLDED_INTO_DIGEST);
      await this.audit.record(null, 'target.digest-fallback', { type: 'campaign', id: campaignId }, { targetId, threshold, folded: n }, em);
      return n;
    });
    if (folded === null) return null;
    this.log.warn(`target ${targetId} of campaign ${campaignId} switched to digest letters: ${folded} individual letters folded into them`);
    return { campaignId, targetId, folded };
  }

  /**
   * The same switch, made by a substantive reply from the official (onReply "digest",
   * src/campaigns/reply-rules.ts) rather than by a backlog: in the caller's transaction, which holds
   * the campaign's lock exclusively. A launched target of an individual-mode campaign not on digests
   * yet is marked (`digest_since`) and its individual letters still owed are folded. Answers how
   * many were folded; null when there was nothing to switch (a digest campaign, a target on digests
   * already, or not launched).
   */
  async switchAfterReply(em: EntityManager, campaignId: string, targetId: string): Promise<number | null> {
    const marked: unknown[] = await em.query(
      `WITH m AS (
         UPDATE campaign_targets ct SET digest_since = now()
           FROM campaigns c
          WHERE ct.campaign_id = $1 AND ct.target_id = $2 AND ct.status = 'launched' AND ct.digest_since IS NULL
            AND c.id = ct.campaign_id AND c.delivery->>'mode' = 'individual'
         RETURNING 1
       ) SELECT 1 FROM m`,
      [campaignId, targetId],
    );
    if (!marked.length) return null;
    const folded = await this.ledger.foldIntoDigests(em, campaignId, targetId, FOLDED_AFTER_REPLY);
    this.log.warn(
      `target ${targetId} of campaign ${campaignId} switched to digest letters after a substantive reply: ${folded} individual letters folded into them`,
    );
    return folded;
  }

  /** More than `threshold` individual letters owed: counted no further than threshold + 1. */
  private backlogOver(campaign: string, target: string, threshold: string): string {
    return `(SELECT count(*) FROM (SELECT 1 FROM deliveries d
                                    WHERE d.target_id = ${target} AND d.campaign_id = ${campaign} AND d.signature_id IS NOT NULL
                                      AND d.status IN ${OWED_SQL}
                                    LIMIT ${threshold} + 1) AS owed) > ${threshold}`;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { lettersMayGoSql } from '../campaigns/delivery-start.js';

export interface BackfillStep {
  /** letters newly owed in this step */
  created: string[];
  /** the last signature id scanned: where the next step starts; null when done */
  nextAfter: string | null;
}

/**
 * The delivery ledger: every statement that makes a letter owed or cancels one. Unique indexes
 * (one delivery per signature and target) make each insert idempotent.
 *
 * (An UPDATE ... RETURNING is wrapped in a CTE: TypeORM's query() answers [rows, count] for a bare
 * UPDATE, but plain rows for a SELECT.)
 */
@Injectable()
export class DeliveriesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * In the confirming transaction: one queued letter per launched, active target of the
   * signature's campaign (individual mode; digest letters are made per interval instead, also for
   * a target that switched to digests: digest_since).
   */
  async oweForSignature(em: EntityManager, signatureId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO deliveries (campaign_id, target_id, signature_id)
       SELECT s.campaign_id, ct.target_id, s.id
         FROM signatures s
         JOIN campaigns c ON c.id = s.campaign_id
         JOIN campaign_targets ct ON ct.campaign_id = s.campaign_id AND ct.status = 'launched' AND ct.digest_since IS NULL
         JOIN targets t ON t.id = ct.target_id AND t.active
        WHERE s.id = $1 AND s.status = 'confirmed' AND c.delivery->>'mode' = 'individual'
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [signatureId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One step of a target's launch backfill: letters for the next `batch` confirmed signatures
   * after `after` (in id order), while the target is still launched.
   */
  async backfillStep(campaignId: string, targetId: string, after: string | null, batch: number): Promise<BackfillStep> {
    const [row]: { last: string | null; created: string[] }[] = await this.db.query(
      `WITH batch AS (
         SELECT s.id FROM signatures s
          WHERE s.campaign_id = $1 AND s.status = 'confirmed' AND s.erased_at IS NULL AND ($3::uuid IS NULL OR s.id > $3::uuid)
            AND EXISTS (SELECT 1 FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id
                         WHERE ct.campaign_id = $1 AND ct.target_id = $2 AND ct.status = 'launched' AND t.active AND ct.digest_since IS NULL)
            AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = $1 AND c.delivery->>'mode' = 'individual')
          ORDER BY s.id
          LIMIT $4
       ), made AS (
         INSERT INTO deliveries (campaign_id, target_id, signature_id)
         SELECT $1, $2, id FROM batch
         ON CONFLICT DO NOTHING
         RETURNING id
       )
       SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last,
              ARRAY(SELECT id FROM made) AS created`,
      [campaignId, targetId, after, batch],
    );
    return { created: row.created, nextAfter: row.last };
  }

  /** Withdrawing a target cancels its letters not yet handed to the SMTP server. */
  async cancelForTarget(em: EntityManager, campaignId: string, targetId: string): Promise<number> {
    const [{ n }] = await em.query(
      `WITH cancelled AS (
         UPDATE deliveries SET status = 'cancelled', last_error = 'target withdrawn', updated_at = now()
          WHERE campaign_id = $1 AND target_id = $2 AND status IN ('queued', 'retrying')
         RETURNING 1
       ) SELECT count(*)::int AS n FROM cancelled`,
      [campaignId, targetId],
    );
    return n;
  }

  /** Withdrawing a signature cancels its letters not yet handed to the SMTP server. */
  async cancelForSignature(em: EntityManager, signatureId: string, reason: string): Promise<number> {
    const [{ n }] = await em.query(
      `WITH cancelled AS (
         UPDATE deliveries SET status = 'cancelled', last_error = $2, updated_at = now()
          WHERE signature_id = $1 AND status IN ('queued', 'retrying')
         RETURNING 1
       ) SELECT count(*)::int AS n FROM cancelled`,
      [signatureId, reason],
    );
    return n;
  }

  /**
   * Digest mode: for each launched target of a digest campaign, one letter for the period since
   * its last digest up to the last interval boundary (minus a grace time, so a confirmation whose
   * transaction commits late still falls in its period), when anyone signed in that period.
   * Periods are aligned on the campaign's digestIntervalMinutes (default a day). Before the
   * campaign's delivery.startAt no digest is made: the first one after it lists everyone since the
   * start, so a target gets one letter then, not one per interval that passed.
   */
  async oweDigests(graceSeconds: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `WITH pairs AS (
         SELECT c.id AS campaign_id, ct.target_id,
                COALESCE((c.delivery->>'digestIntervalMinutes')::int, 1440) * 60 AS seconds,
                COALESCE((SELECT max(d.period_end) FROM deliveries d
                           WHERE d.campaign_id = c.id AND d.target_id = ct.target_id AND d.period_start IS NOT NULL),
                         'epoch'::timestamptz) AS last_end
           FROM campaigns c
           JOIN campaign_targets ct ON ct.campaign_id = c.id AND ct.status = 'launched'
           JOIN targets t ON t.id = ct.target_id AND t.active
          WHERE (c.delivery->>'mode' = 'digest' OR ct.digest_since IS NOT NULL) AND c.status IN ('live', 'paused', 'closed')
            AND ${lettersMayGoSql('c')}
       ), windows AS (
         SELECT campaign_id, target_id, last_end,
                to_timestamp(floor(extract(epoch FROM now() - make_interval(secs => $1)) / seconds) * seconds) AS boundary
           FROM pairs
       )
       INSERT INTO deliveries (campaign_id, target_id, period_start, period_end)
       SELECT w.campaign_id, w.target_id, w.last_end, w.boundary FROM windows w
        WHERE w.boundary > w.last_end
          AND EXISTS (SELECT 1 FROM signatures s WHERE s.campaign_id = w.campaign_id AND s.status = 'confirmed' AND s.erased_at IS NULL
                         AND s.confirmed_at >= w.last_end AND s.confirmed_at < w.boundary
                         AND NOT EXISTS (SELECT 1 FROM deliveries i WHERE i.signature_id = s.id AND i.target_id = w.target_id AND i.status <> 'cancelled'))
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [graceSeconds],
    );
    return rows.map((r) => r.id);
  }

  /** Owed letters of a campaign, in pages (to re-dispatch what a pause held). */
  async owedIds(campaignId: string, after: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM deliveries
        WHERE campaign_id = $1 AND status IN ('queued', 'retrying') AND ($2::uuid IS NULL OR id > $2::uuid)
        ORDER BY id LIMIT $3`,
      [campaignId, after, limit],
    );
    return rows.map((r) => r.id);
  }
}

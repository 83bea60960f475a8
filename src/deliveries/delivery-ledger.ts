import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { audienceIncludesSql, digestListsSql } from '../campaigns/audience.js';
import { lettersMayGoSql } from '../campaigns/delivery-start.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { preparedQuery } from '../database/prepared-query.js';
import { StatementBatcher } from '../database/statement-batcher.js';
import type { DeliveryStatus } from './delivery.entity.js';
import { fromStatesSql, IllegalDeliveryTransition, allows, OWED_SQL } from './delivery-transitions.js';
import { failureReasonSql } from './failure-reason.js';
import { CLAIM_SQL, RECORD_SQL, type AttemptRecord, type ClaimedLetter, type RecordedLetter } from './letter-claim.sql.js';

export interface BackfillStep {
  /** letters newly owed in this step */
  created: string[];
  /** the last signature id scanned: where the next step starts; null when done */
  nextAfter: string | null;
}

export interface BounceMark {
  targetId: string;
  /** the letter was `sent` and is now `bounced` (a hard bounce); false: kept in its history only */
  marked: boolean;
}

/**
 * A letter's claim, and its record, wait this long for the other letters in flight to share their
 * statement: a few ms on a letter's way, several times fewer statements for PostgreSQL (measured
 * with bench/deliver.mjs, 30,000 letters, WORKER_CONCURRENCY=64: 1,201 letters/s with none, 1,624
 * with 15 ms). Batches formed from the letters in flight instead (at most 2, or 4, statements at
 * once, the next batch gathering while they run) were slower with two tuned workers: 1,096 and
 * 1,177 letters/s against 1,422 (docs/performance.md).
 */
const LINGER_MS = 15;

/** Still owed to its target: the target is launched and (individual letters) the signature confirmed. */
const STILL_OWED = `
  EXISTS (SELECT 1 FROM campaign_targets ct
           WHERE ct.campaign_id = d.campaign_id AND ct.target_id = d.target_id AND ct.status = 'launched')
  AND (d.signature_id IS NULL OR EXISTS (SELECT 1 FROM signatures s WHERE s.id = d.signature_id AND s.status = 'confirmed'))`;

/**
 * The delivery ledger: the only writer of `deliveries` and `delivery_attempts`. Every statement
 * that makes a letter owed, claims it, records an attempt, gives it back, cancels, retries or
 * bounces it is a method here, and each moves letters only along DELIVERY_TRANSITIONS
 * (delivery-transitions.ts): its WHERE clause is built from that table, so a letter in any other
 * status is left alone. "Who cancels a letter?": the cancel… methods below, and nothing else.
 *
 * Unique indexes (one letter per signature and target, one digest per target and period) make
 * every insert idempotent. Methods that take an EntityManager run in the caller's transaction
 * (the confirmation, the withdrawal, the erasure…); the others run alone.
 *
 * (An UPDATE … RETURNING is wrapped in a CTE: TypeORM's query() answers [rows, count] for a bare
 * UPDATE, but plain rows for a SELECT.)
 */
@Injectable()
export class DeliveryLedger {
  private readonly claims = new StatementBatcher<string, ClaimedLetter | null>((ids) => this.claimBatch(ids), { lingerMs: LINGER_MS });
  private readonly records = new StatementBatcher<AttemptRecord, number | null>((items) => this.recordBatch(items), { lingerMs: LINGER_MS });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  // ── making letters owed ───────────────────────────────────────────────────────────────────

  /**
   * In the confirming transaction: one queued letter per launched, active target of the
   * signature's campaign whose audience includes the supporter (audience.ts; individual mode:
   * digest letters are made per interval instead, also for a target that switched to digests:
   * digest_since).
   */
  async oweForSignature(em: EntityManager, signatureId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO deliveries (campaign_id, target_id, signature_id)
       SELECT s.campaign_id, ct.target_id, s.id
         FROM signatures s
         JOIN supporters p ON p.id = s.supporter_id
         JOIN campaigns c ON c.id = s.campaign_id
         JOIN campaign_targets ct ON ct.campaign_id = s.campaign_id AND ct.status = 'launched' AND ct.digest_since IS NULL
         JOIN targets t ON t.id = ct.target_id AND t.active
        WHERE s.id = $1 AND s.status = 'confirmed' AND c.delivery->>'mode' = 'individual'
          AND ${audienceIncludesSql('ct', 't', 'p.country')}
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [signatureId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One step of a target's launch backfill: letters for those of the next `batch` confirmed
   * signatures after `after` (in id order) whose supporter the target's audience includes, while
   * the target is still launched.
   */
  async backfillStep(campaignId: string, targetId: string, after: string | null, batch: number): Promise<BackfillStep> {
    const [row]: { last: string | null; created: string[] }[] = await this.db.query(
      `WITH batch AS (
         SELECT s.id, s.supporter_id FROM signatures s
          WHERE s.campaign_id = $1 AND s.status = 'confirmed' AND s.erased_at IS NULL AND ($3::uuid IS NULL OR s.id > $3::uuid)
            AND EXISTS (SELECT 1 FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id
                         WHERE ct.campaign_id = $1 AND ct.target_id = $2 AND ct.status = 'launched' AND t.active AND ct.digest_since IS NULL)
            AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = $1 AND c.delivery->>'mode' = 'individual')
          ORDER BY s.id
          LIMIT $4
       ), made AS (
         INSERT INTO deliveries (campaign_id, target_id, signature_id)
         SELECT $1, $2, b.id FROM batch b
           JOIN supporters p ON p.id = b.supporter_id
           JOIN campaign_targets ct ON ct.campaign_id = $1 AND ct.target_id = $2
           JOIN targets t ON t.id = ct.target_id
          WHERE ${audienceIncludesSql('ct', 't', 'p.country')}
         ON CONFLICT DO NOTHING
         RETURNING id
       )
       SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last,
              ARRAY(SELECT id FROM made) AS created`,
      [campaignId, targetId, after, batch],
    );
    return { created: row.created, nextAfter: row.last };
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
                         AND ${digestListsSql('s', 'w.campaign_id', 'w.target_id')})
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [graceSeconds],
    );
    return rows.map((r) => r.id);
  }

  // ── one SMTP attempt: claim, then record (the measured hot path, batched) ────────────────────

  /** The claim (queued/retrying → sending) and everything the letter needs; null: not claimable now. */
  claim(deliveryId: string): Promise<ClaimedLetter | null> {
    return this.claims.submit(deliveryId);
  }

  /** The outcome of an attempt and a row of its history; answers seconds since confirmation (metrics). */
  record(attempt: AttemptRecord): Promise<number | null> {
    return this.records.submit(attempt);
  }

  /** A claimed letter not presented to any server (its pacing window is full): owed as it was, attempt given back. */
  async giveBack(deliveryId: string, lastError: string | null = null): Promise<void> {
    await this.db.query(
      `UPDATE deliveries SET status = 'queued', attempts = attempts - 1, updated_at = now(), last_error = COALESCE($2, last_error)
        WHERE id = $1 AND status IN ${fromStatesSql('giveBack')}`,
      [deliveryId, lastError],
    );
  }

  /** A claimed letter with nothing left to send (a digest whose every signatory withdrew). */
  async cancelClaimed(deliveryId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE deliveries SET status = 'cancelled', attempts = attempts - 1, last_error = $2, updated_at = now()
        WHERE id = $1 AND status IN ${fromStatesSql('cancelClaimed')}`,
      [deliveryId, reason],
    );
  }

  /** Letters left in `sending` past the lease (their worker died): tried again. Answers their ids. */
  async recoverStuck(leaseSeconds: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `WITH r AS (
         UPDATE deliveries SET status = 'retrying', updated_at = now(),
                last_error = 'the worker sending it stopped before recording the result; trying again'
          WHERE status IN ${fromStatesSql('recoverStuck')} AND claimed_at < now() - make_interval(secs => $1)
         RETURNING id
       ) SELECT id FROM r`,
      [leaseSeconds],
    );
    return rows.map((r) => r.id);
  }

  // ── cancelling: a letter no longer owed ─────────────────────────────────────────────────────

  /** One unsent letter whose target or signature is gone (found when a worker could not claim it). */
  async cancelUnsent(deliveryId: string, reason: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH c AS (
         UPDATE deliveries SET status = 'cancelled', last_error = $2, updated_at = now()
          WHERE id = $1 AND status IN ${fromStatesSql('cancelUnsent')}
         RETURNING 1
       ) SELECT 1 FROM c`,
      [deliveryId, reason],
    );
    return rows.length > 0;
  }

  /** Withdrawing a target cancels its letters not yet handed to the SMTP server. */
  async cancelUnsentForTarget(em: EntityManager, campaignId: string, targetId: string): Promise<number> {
    return countOf(
      em,
      `UPDATE deliveries SET status = 'cancelled', last_error = 'target withdrawn', updated_at = now()
        WHERE campaign_id = $1 AND target_id = $2 AND status IN ${fromStatesSql('cancelUnsent')}`,
      [campaignId, targetId],
    );
  }

  /** Withdrawing a signature cancels its letters not yet handed to the SMTP server. */
  async cancelUnsentForSignature(em: EntityManager, signatureId: string, reason: string): Promise<number> {
    return countOf(
      em,
      `UPDATE deliveries SET status = 'cancelled', last_error = $2, updated_at = now()
        WHERE signature_id = $1 AND status IN ${fromStatesSql('cancelUnsent')}`,
      [signatureId, reason],
    );
  }

  /**
   * A target switched to digest letters: its individual letters still owed are cancelled, their
   * signatures listed by the digests instead (see DigestFallbackService). Called holding the
   * campaign's lock exclusively.
   */
  async foldIntoDigests(em: EntityManager, campaignId: string, targetId: string, reason: string): Promise<number> {
    return countOf(
      em,
      `UPDATE deliveries SET status = 'cancelled', last_error = $3, updated_at = now()
        WHERE campaign_id = $1 AND target_id = $2 AND signature_id IS NOT NULL AND status IN ${fromStatesSql('cancelUnsent')}`,
      [campaignId, targetId, reason],
    );
  }

  /**
   * Erasing a supporter cancels every letter of theirs not sent (failed and bounced ones too: no
   * retry may send their name again). Answers how many, and how many are in an SMTP conversation
   * right now (those finish; their rows carry no personal data after the erasure).
   */
  async cancelForErasure(em: EntityManager, signatureIds: string[]): Promise<{ cancelled: number; inFlight: number }> {
    const [row]: { cancelled: number; in_flight: number }[] = await em.query(
      `WITH cancelled AS (
         UPDATE deliveries SET status = 'cancelled', last_error = 'supporter erased', updated_at = now()
          WHERE signature_id = ANY($1::uuid[]) AND status IN ${fromStatesSql('cancelForErasure')}
         RETURNING 1
       )
       SELECT (SELECT count(*)::int FROM cancelled) AS cancelled,
              (SELECT count(*)::int FROM deliveries WHERE signature_id = ANY($1::uuid[]) AND status IN ${fromStatesSql('markSent')}) AS in_flight`,
      [signatureIds],
    );
    return { cancelled: row.cancelled, inFlight: row.in_flight };
  }

  // ── after the fact: bounces and retries ─────────────────────────────────────────────────────

  /**
   * A delivery status notification about a letter: a row of its history always (`bounced` or
   * `soft_bounce`), and for a hard bounce of a `sent` letter the mark `bounced` with the reason.
   * In the caller's transaction (the bounce then counts against the target); null: no such letter.
   */
  async recordBounce(em: EntityManager, deliveryId: string, kind: 'hard' | 'soft', reason: string): Promise<BounceMark | null> {
    const [row]: { target_id: string; marked: boolean }[] = await em.query(
      `WITH prev AS (
         SELECT id, status, attempts, target_id FROM deliveries WHERE id = $1 FOR UPDATE
       ), marked AS (
         UPDATE deliveries d SET status = 'bounced', last_error = $2, updated_at = now()
           FROM prev WHERE d.id = prev.id AND prev.status IN ${fromStatesSql('markBounced')} AND $3::text = 'bounced'
         RETURNING d.id
       ), history AS (
         INSERT INTO delivery_attempts (delivery_id, attempt, started_at, outcome, response, duration_ms)
         SELECT id, greatest(attempts, 1), now(), $3::text, $4, 0 FROM prev
       )
       SELECT prev.target_id, EXISTS (SELECT 1 FROM marked) AS marked FROM prev`,
      [deliveryId, `bounce ${reason}`, kind === 'hard' ? 'bounced' : 'soft_bounce', reason],
    );
    return row ? { targetId: row.target_id, marked: row.marked } : null;
  }

  /**
   * An admin sends one failed or bounced letter again (a fresh set of attempts; the history keeps
   * the earlier ones, the Message-ID stays). The caller checked it is still owed, holding the row
   * (FOR UPDATE) in `em`; a letter in any other status is refused.
   */
  async retry(em: EntityManager, deliveryId: string, status: DeliveryStatus): Promise<void> {
    if (!allows('retry', status)) throw new IllegalDeliveryTransition('retry', status);
    await em.query(`UPDATE deliveries SET status = 'queued', attempts = 0, updated_at = now() WHERE id = $1 AND status IN ${fromStatesSql('retry')}`, [
      deliveryId,
    ]);
  }

  /** Every failed or bounced letter still owed, of one campaign or all, of one grouped reason or all. */
  async retryMatching(em: EntityManager, campaignId: string | null, reason: string | null): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `WITH r AS (
         UPDATE deliveries d SET status = 'queued', attempts = 0, updated_at = now()
          WHERE d.status IN ${fromStatesSql('retry')}
            AND ($1::uuid IS NULL OR d.campaign_id = $1::uuid)
            AND ($2::text IS NULL OR ${failureReasonSql('d')} = $2::text)
            AND ${STILL_OWED}
         RETURNING d.id
       ) SELECT id FROM r`,
      [campaignId, reason],
    );
    return rows.map((r) => r.id);
  }

  // ── reads the writers need ──────────────────────────────────────────────────────────────────

  /** The letters a signature is owed (to dispatch them once a review lets them go). */
  async owedIdsForSignature(em: EntityManager, signatureId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(`SELECT id FROM deliveries WHERE signature_id = $1 AND status IN ${OWED_SQL}`, [signatureId]);
    return rows.map((r) => r.id);
  }

  /** Owed letters of a campaign, in pages (to re-dispatch what a pause held). */
  async owedIds(campaignId: string, after: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM deliveries
        WHERE campaign_id = $1 AND status IN ${fromStatesSql('claim')} AND ($2::uuid IS NULL OR id > $2::uuid)
        ORDER BY id LIMIT $3`,
      [campaignId, after, limit],
    );
    return rows.map((r) => r.id);
  }

  private async claimBatch(ids: string[]): Promise<(ClaimedLetter | null)[]> {
    const rows = await preparedQuery<ClaimedLetter>(this.db, 'letter-claim', CLAIM_SQL, [ids, this.config.mail.domain]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    // a row is claimed once: were the same letter asked for twice in one batch, only the first asker holds it
    return ids.map((id) => {
      const row = byId.get(id) ?? null;
      byId.delete(id);
      return row;
    });
  }

  private async recordBatch(items: AttemptRecord[]): Promise<(number | null)[]> {
    const rows = await preparedQuery<RecordedLetter>(this.db, 'letter-record', RECORD_SQL, [
      items.map((i) => i.id),
      items.map((i) => i.status),
      items.map((i) => i.attempt),
      items.map((i) => i.response),
      items.map((i) => i.started),
      items.map((i) => i.outcome),
      items.map((i) => i.durationMs),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r.since_confirmed]));
    return items.map((i) => byId.get(i.id) ?? null);
  }
}

/** Runs an UPDATE and answers how many rows it changed. */
async function countOf(em: EntityManager, update: string, params: unknown[]): Promise<number> {
  const [{ n }]: { n: number }[] = await em.query(`WITH x AS (${update} RETURNING 1) SELECT count(*)::int AS n FROM x`, params);
  return n;
}

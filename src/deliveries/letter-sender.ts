import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { BounceRecorder } from '../bounces/bounce-recorder.service.js';
import type { Appeal, DeliveryPolicy } from '../campaigns/campaign.entity.js';
import { lettersMayGoSql } from '../campaigns/delivery-start.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { preparedQuery } from '../database/prepared-query.js';
import { StatementBatcher } from '../database/statement-batcher.js';
import { buildDigestMessage, buildLetterMessage, DIGEST_MAX_NAMES, type OutgoingMessage } from '../mail/letter-message.js';
import { MailTransport } from '../mail/mail-transport.js';
import { observeLetterAttempt } from '../metrics/process-metrics.js';
import { classifySmtpError } from '../mail/smtp-errors.js';
import { SmtpUnreachable } from '../mail/smtp-outage.js';
import type { AttemptOutcome } from './delivery-attempt.entity.js';
import { TargetPacer } from './target-pacer.js';

export type LetterOutcome = 'sent' | 'held' | 'cancelled' | 'skipped';

/** The letter must wait (its target's pacing window is full): not a failure, no attempt spent. */
export class LetterDeferred extends Error {
  constructor(readonly untilMs: number) {
    super(`deferred until ${new Date(untilMs).toISOString()}`);
  }
}

/** No SMTP server answered: the letter is owed again as it was, and the queue should pause (shared with supporter emails). */
export { SmtpUnreachable };

interface ClaimedRow {
  attempts: number;
  signature_id: string | null;
  period_start: Date | null;
  period_end: Date | null;
  campaign_id: string;
  slug: string;
  campaign_title: string;
  appeal: Appeal;
  delivery: DeliveryPolicy;
  target_name: string;
  target_title: string;
  organization: string;
  target_email: string;
  locale: string;
  first_name: string | null;
  last_name: string | null;
  supporter_email: string | null;
  country: string | null;
  comment: string | null;
}

/**
 * A letter's claim, and its record, wait this long for the other letters in flight to share their
 * statement: a few ms on a letter's way, several times fewer statements for PostgreSQL (measured
 * with bench/deliver.mjs, 30,000 letters, WORKER_CONCURRENCY=64: 1,201 letters/s with none, 1,624
 * with 15 ms).
 */
const LINGER_MS = 15;

interface RecordInput {
  id: string;
  status: string;
  attempt: number;
  response: string;
  started: Date;
  outcome: AttemptOutcome;
  durationMs: number;
}

/**
 * Claims letters (queued/retrying → sending) in one statement and answers everything each needs:
 * only the rows that may be sent now change (campaign live or closed and past its delivery.startAt, target launched, active and
 * not failing, signature confirmed and not erased). The rows are reached by primary key: the
 * guards are per-row checks (`OFFSET 0` keeps PostgreSQL from turning them into joins it might
 * drive from, which with the statistics of a fast-growing table scans a whole backlog). The Message-ID
 * is <DELIVERY_ID@MAIL_DOMAIN> (messageIdFor), set once and kept on every attempt.
 */
const CLAIM_SQL = `
  WITH claimed AS (
    UPDATE deliveries d
       SET status = 'sending', attempts = d.attempts + 1, claimed_at = now(), updated_at = now(),
           message_id = COALESCE(d.message_id, '<' || d.id || '@' || $2::text || '>')
     WHERE d.id = ANY($1::uuid[]) AND d.status IN ('queued', 'retrying')
       AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = d.campaign_id AND c.status IN ('live', 'closed') AND ${lettersMayGoSql('c')} OFFSET 0)
       AND EXISTS (SELECT 1 FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id AND t.active AND t.failing_since IS NULL
                    WHERE ct.campaign_id = d.campaign_id AND ct.target_id = d.target_id AND ct.status = 'launched' OFFSET 0)
       AND (d.signature_id IS NULL OR EXISTS (SELECT 1 FROM signatures s
                                               WHERE s.id = d.signature_id AND s.status = 'confirmed' AND s.erased_at IS NULL OFFSET 0))
    RETURNING d.*
  )
  SELECT d.id, d.attempts, d.signature_id, d.period_start, d.period_end, d.campaign_id,
         c.slug, c.title AS campaign_title, c.appeal, c.delivery,
         t.name AS target_name, t.title AS target_title, t.organization, t.email AS target_email, t.locale,
         p.first_name, p.last_name, p.email AS supporter_email, p.country, s.comment
    FROM claimed d
    JOIN campaigns c ON c.id = d.campaign_id
    JOIN targets t ON t.id = d.target_id
    LEFT JOIN signatures s ON s.id = d.signature_id
    LEFT JOIN supporters p ON p.id = s.supporter_id`;

/**
 * Records attempts in one statement: each delivery's new status and a row of its history; answers,
 * for the metrics, how long after confirmation each letter was settled. (The primary key is the
 * only way in, as in CLAIM_SQL.)
 */
const RECORD_SQL = `
  WITH v AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::text[], $7::int[])
      AS v(id, status, attempt, response, started_at, outcome, duration_ms)
  ), candidates AS MATERIALIZED (
    SELECT id FROM deliveries WHERE id = ANY($1::uuid[])
  ), d AS (
    UPDATE deliveries x
       SET status = v.status, updated_at = now(),
           attempts = CASE WHEN v.outcome = 'unreachable' THEN x.attempts - 1 ELSE x.attempts END,
           sent_at = CASE WHEN v.status = 'sent' THEN now() ELSE x.sent_at END,
           smtp_response = CASE WHEN v.status = 'sent' THEN v.response ELSE x.smtp_response END,
           last_error = CASE WHEN v.status = 'sent' THEN NULL ELSE v.response END
      FROM candidates JOIN v ON v.id = candidates.id
     WHERE x.id = candidates.id AND x.status = 'sending'
    RETURNING x.id, x.signature_id, x.created_at
  ), history AS (
    INSERT INTO delivery_attempts (delivery_id, attempt, started_at, outcome, response, duration_ms)
    SELECT id, attempt, started_at, outcome, response, duration_ms FROM v
  )
  SELECT d.id, extract(epoch FROM now() - coalesce(s.confirmed_at, d.created_at))::float8 AS since_confirmed
    FROM d LEFT JOIN signatures s ON s.id = d.signature_id`;

/**
 * Delivers one letter: claims the row (queued/retrying → sending) with a conditional UPDATE, so
 * that of several workers only one ever holds it; takes a slot of its target's pacing window;
 * renders it; hands it to SMTP; records the outcome. A 4xx answer puts the row in `retrying` and
 * throws, for BullMQ to retry with backoff; a 5xx answer, or the last attempt, marks it `failed`
 * and throws UnrecoverableError. No answer at all (the server is down) puts it back to `queued`
 * without spending an attempt and throws SmtpUnreachable.
 */
@Injectable()
export class LetterSender {
  private readonly log = new Logger(LetterSender.name);
  private readonly claims = new StatementBatcher<string, ClaimedRow | null>((ids) => this.claimBatch(ids), { lingerMs: LINGER_MS });
  private readonly records = new StatementBatcher<RecordInput, number | null>((items) => this.recordBatch(items), { lingerMs: LINGER_MS });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailTransport,
    private readonly pacer: TargetPacer,
    @InjectConfig() private readonly config: AppConfig,
    private readonly bounces: BounceRecorder,
  ) {}

  async deliver(deliveryId: string): Promise<LetterOutcome> {
    const row = await this.claim(deliveryId);
    if (!row) return this.explainUnclaimed(deliveryId);

    const limit = row.delivery.maxPerTargetPerHour;
    const slot = limit ? await this.pacer.take(row.target_email, limit) : null;
    if (slot && slot.waitMs > 0) {
      await this.unclaim(deliveryId, null);
      throw new LetterDeferred(Date.now() + slot.waitMs);
    }

    const message = row.signature_id ? this.individual(deliveryId, row) : await this.digest(deliveryId, row);
    if (!message) {
      await this.finishUnsendable(deliveryId, 'every signatory of this digest withdrew');
      await slot?.release();
      return 'cancelled';
    }
    const started = new Date();
    try {
      const info = await this.mail.send(message);
      await this.record(deliveryId, row.attempts, started, 'sent', info.response);
      return 'sent';
    } catch (error) {
      const failure = classifySmtpError(error);
      if (failure.kind === 'unreachable') {
        await slot?.release();
        await this.record(deliveryId, row.attempts, started, 'unreachable', failure.reason);
        throw new SmtpUnreachable(failure.reason);
      }
      const final = failure.permanent || row.attempts >= this.config.deliveryMaxAttempts;
      await this.record(deliveryId, row.attempts, started, failure.permanent ? 'permanent_failure' : 'temporary_failure', failure.reason, final);
      this.log.warn(`letter ${deliveryId} attempt ${row.attempts} ${final ? 'failed for good' : 'will be retried'}: ${failure.reason}`);
      if (failure.refused === 'address') await this.countRefusedAddress(deliveryId, failure.reason);
      throw final ? new UnrecoverableError(failure.reason) : error;
    }
  }

  /**
   * The receiving server refused the target's address itself (5.1.1 "user unknown" at RCPT): a
   * hard bounce against it, as a bounce report would be, so that BOUNCE_HARD_LIMIT of them hold its
   * letters instead of failing every new one. The letter's own outcome is recorded already: a
   * failure here is logged, never thrown.
   */
  private async countRefusedAddress(deliveryId: string, reason: string) {
    try {
      await this.bounces.recordRefusal(deliveryId, reason);
    } catch (e) {
      this.log.warn(`letter ${deliveryId}: the refusal of its address could not be counted: ${(e as Error).message}`);
    }
  }

  private individual(deliveryId: string, row: ClaimedRow): OutgoingMessage {
    return buildLetterMessage(
      {
        deliveryId,
        campaign: { slug: row.slug, title: row.campaign_title, appeal: row.appeal },
        target: { name: row.target_name, title: row.target_title, organization: row.organization, email: row.target_email, locale: row.locale },
        supporter: {
          firstName: row.first_name!,
          lastName: row.last_name!,
          email: row.supporter_email!,
          country: row.country!,
          comment: row.comment,
        },
      },
      this.config.mail,
    );
  }

  /**
   * A digest lists the signatures confirmed in its period that are still confirmed now, except
   * those with a letter of their own to this target (sent, in flight or owed: a target that
   * switched to digests keeps those; the ones it was owed and not sent were folded, cancelled).
   */
  private async digest(deliveryId: string, row: ClaimedRow): Promise<OutgoingMessage | null> {
    const signatories: { first_name: string; last_name: string; country: string; total: number }[] = await this.db.query(
      `SELECT p.first_name, p.last_name, p.country, count(*) OVER ()::int AS total
         FROM signatures s JOIN supporters p ON p.id = s.supporter_id
        WHERE s.campaign_id = $1 AND s.status = 'confirmed' AND s.erased_at IS NULL AND s.confirmed_at >= $2 AND s.confirmed_at < $3
          AND NOT EXISTS (SELECT 1 FROM deliveries i WHERE i.signature_id = s.id AND i.status <> 'cancelled'
                             AND i.target_id = (SELECT target_id FROM deliveries WHERE id = $5))
        ORDER BY s.confirmed_at, s.id
        LIMIT $4`,
      [row.campaign_id, row.period_start, row.period_end, DIGEST_MAX_NAMES, deliveryId],
    );
    if (!signatories.length) return null;
    return buildDigestMessage(
      {
        deliveryId,
        campaign: { slug: row.slug, title: row.campaign_title, appeal: row.appeal },
        target: { name: row.target_name, title: row.target_title, organization: row.organization, email: row.target_email, locale: row.locale },
        signatories: signatories.map((s) => ({ firstName: s.first_name, lastName: s.last_name, country: s.country })),
        more: signatories[0].total - signatories.length,
      },
      this.config.mail,
    );
  }

  /**
   * The outcome of one attempt: the delivery's new status (sent, retrying, failed, or queued
   * again when no server answered) and a row of its attempt history, batched with the outcomes of
   * the other letters in flight.
   */
  private async record(deliveryId: string, attempt: number, started: Date, outcome: AttemptOutcome, response: string, final = false) {
    const status = { sent: 'sent', unreachable: 'queued', permanent_failure: 'failed', temporary_failure: final ? 'failed' : 'retrying' }[outcome];
    const durationMs = Date.now() - started.getTime();
    const sinceConfirmed = await this.records.submit({ id: deliveryId, status, attempt, response, started, outcome, durationMs });
    observeLetterAttempt(outcome, durationMs, sinceConfirmed);
  }

  private async recordBatch(items: RecordInput[]): Promise<(number | null)[]> {
    const rows = await preparedQuery<{ id: string; since_confirmed: number | null }>(this.db, 'letter-record', RECORD_SQL, [
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

  /** Gives a claimed letter back, untouched: it was not presented to any server. */
  private async unclaim(deliveryId: string, lastError: string | null) {
    await this.db.query(
      `UPDATE deliveries SET status = 'queued', attempts = attempts - 1, updated_at = now(), last_error = COALESCE($2, last_error)
        WHERE id = $1 AND status = 'sending'`,
      [deliveryId, lastError],
    );
  }

  private async finishUnsendable(deliveryId: string, reason: string) {
    await this.db.query(
      `UPDATE deliveries SET status = 'cancelled', attempts = attempts - 1, last_error = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`,
      [deliveryId, reason],
    );
  }

  /** The claim and everything the letter needs, batched with the other letters being claimed. */
  private claim(deliveryId: string): Promise<ClaimedRow | null> {
    return this.claims.submit(deliveryId);
  }

  private async claimBatch(ids: string[]): Promise<(ClaimedRow | null)[]> {
    const rows = await preparedQuery<ClaimedRow & { id: string }>(this.db, 'letter-claim', CLAIM_SQL, [ids, this.config.mail.domain]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    // a row is claimed once: were the same letter asked for twice in one batch, only the first asker holds it
    return ids.map((id) => {
      const row = byId.get(id) ?? null;
      byId.delete(id);
      return row;
    });
  }

  /**
   * Why a letter could not be claimed: it is done or in another worker's hands (skipped), its
   * campaign is paused or its delivery.startAt is still to come (held: the row stays queued and is
   * dispatched again on resume, or at startAt), its target's address is failing (held likewise, until a campaigner clears the flag), or its
   * target was withdrawn or deactivated, or its signature withdrawn (cancelled now).
   */
  private async explainUnclaimed(deliveryId: string): Promise<LetterOutcome> {
    const [row]: { status: string; target_status: string | null; signature_id: string | null; signature_status: string | null; erased: boolean }[] =
      await this.db.query(
        `SELECT d.status, CASE WHEN t.active THEN ct.status ELSE 'deactivated' END AS target_status,
                d.signature_id, s.status AS signature_status, s.erased_at IS NOT NULL AS erased
           FROM deliveries d
           JOIN targets t ON t.id = d.target_id
           LEFT JOIN campaign_targets ct ON ct.campaign_id = d.campaign_id AND ct.target_id = d.target_id
           LEFT JOIN signatures s ON s.id = d.signature_id
          WHERE d.id = $1`,
        [deliveryId],
      );
    if (!row || !['queued', 'retrying'].includes(row.status)) return 'skipped';
    const targetGone = row.target_status !== 'launched';
    const signatureGone = row.signature_id !== null && (row.signature_status !== 'confirmed' || row.erased);
    if (targetGone || signatureGone) {
      await this.db.query(
        `UPDATE deliveries SET status = 'cancelled', last_error = $2, updated_at = now() WHERE id = $1 AND status IN ('queued', 'retrying')`,
        [deliveryId, targetGone ? (row.target_status === 'deactivated' ? 'target deactivated' : 'target withdrawn') : row.erased ? 'supporter erased' : 'signature withdrawn'],
      );
      return 'cancelled';
    }
    return 'held';
  }
}

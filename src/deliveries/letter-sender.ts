import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Appeal, DeliveryPolicy } from '../campaigns/campaign.entity.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { preparedQuery } from '../database/prepared-query.js';
import { buildDigestMessage, buildLetterMessage, DIGEST_MAX_NAMES, messageIdFor, type OutgoingMessage } from '../mail/letter-message.js';
import { MailTransport } from '../mail/mail-transport.js';
import { observeLetterAttempt } from '../metrics/process-metrics.js';
import { classifySmtpError } from '../mail/smtp-errors.js';
import type { AttemptOutcome } from './delivery-attempt.entity.js';
import { TargetPacer } from './target-pacer.js';

export type LetterOutcome = 'sent' | 'held' | 'cancelled' | 'skipped';

/** The letter must wait (its target's pacing window is full): not a failure, no attempt spent. */
export class LetterDeferred extends Error {
  constructor(readonly untilMs: number) {
    super(`deferred until ${new Date(untilMs).toISOString()}`);
  }
}

/** No SMTP server answered: the letter is owed again as it was, and the queue should pause. */
export class SmtpUnreachable extends Error {}

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

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailTransport,
    private readonly pacer: TargetPacer,
    @InjectConfig() private readonly config: AppConfig,
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
      throw final ? new UnrecoverableError(failure.reason) : error;
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
   * The outcome of one attempt, in one statement: the delivery's new status (sent, retrying,
   * failed, or queued again when no server answered) and a row of its attempt history.
   */
  private async record(deliveryId: string, attempt: number, started: Date, outcome: AttemptOutcome, response: string, final = false) {
    const status = { sent: 'sent', unreachable: 'queued', permanent_failure: 'failed', temporary_failure: final ? 'failed' : 'retrying' }[outcome];
    const durationMs = Date.now() - started.getTime();
    const [recorded] = await preparedQuery<{ since_confirmed: number | null }>(
      this.db,
      'letter-record',
      `WITH d AS (
         UPDATE deliveries
            SET status = $2, updated_at = now(),
                attempts = CASE WHEN $6 = 'unreachable' THEN attempts - 1 ELSE attempts END,
                sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
                smtp_response = CASE WHEN $2 = 'sent' THEN $4 ELSE smtp_response END,
                last_error = CASE WHEN $2 = 'sent' THEN NULL ELSE $4 END
          WHERE id = $1 AND status = 'sending'
         RETURNING id, signature_id, created_at
       )
       INSERT INTO delivery_attempts (delivery_id, attempt, started_at, outcome, response, duration_ms)
       VALUES ($1, $3, $5, $6, $4, $7)
       RETURNING (SELECT extract(epoch FROM now() - coalesce(s.confirmed_at, d.created_at))::float8
                    FROM d LEFT JOIN signatures s ON s.id = d.signature_id) AS since_confirmed`,
      [deliveryId, status, attempt, response, started, outcome, durationMs],
    );
    observeLetterAttempt(outcome, durationMs, recorded?.since_confirmed);
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

  /** The claim and everything the letter needs, in one (prepared) statement. */
  private async claim(deliveryId: string): Promise<ClaimedRow | null> {
    const rows = await preparedQuery<ClaimedRow>(
      this.db,
      'letter-claim',
      `WITH claimed AS (
         UPDATE deliveries d
            SET status = 'sending', attempts = d.attempts + 1, claimed_at = now(), updated_at = now(),
                message_id = COALESCE(d.message_id, $2)
          WHERE d.id = $1 AND d.status IN ('queued', 'retrying')
            AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = d.campaign_id AND c.status IN ('live', 'closed'))
            AND EXISTS (SELECT 1 FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id AND t.active AND t.failing_since IS NULL
                         WHERE ct.campaign_id = d.campaign_id AND ct.target_id = d.target_id AND ct.status = 'launched')
            AND (d.signature_id IS NULL OR EXISTS (SELECT 1 FROM signatures s WHERE s.id = d.signature_id AND s.status = 'confirmed' AND s.erased_at IS NULL))
         RETURNING d.*
       )
       SELECT d.attempts, d.signature_id, d.period_start, d.period_end, d.campaign_id,
              c.slug, c.title AS campaign_title, c.appeal, c.delivery,
              t.name AS target_name, t.title AS target_title, t.organization, t.email AS target_email, t.locale,
              p.first_name, p.last_name, p.email AS supporter_email, p.country, s.comment
         FROM claimed d
         JOIN campaigns c ON c.id = d.campaign_id
         JOIN targets t ON t.id = d.target_id
         LEFT JOIN signatures s ON s.id = d.signature_id
         LEFT JOIN supporters p ON p.id = s.supporter_id`,
      [deliveryId, messageIdFor(deliveryId, this.config.mail.domain)],
    );
    return rows[0] ?? null;
  }

  /**
   * Why a letter could not be claimed: it is done or in another worker's hands (skipped), its
   * campaign is paused (held: the row stays queued and is dispatched again on resume), its
   * target's address is failing (held likewise, until a campaigner clears the flag), or its
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

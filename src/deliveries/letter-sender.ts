import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { BounceRecorder } from '../bounces/bounce-recorder.service.js';
import { digestListsSql } from '../campaigns/audience.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { DIGEST_MAX_NAMES } from '../letters/letter-composition.js';
import { buildDigestMessage, buildLetterMessage } from '../mail/letter-message.js';
import type { OutgoingMessage } from '../mail/outgoing-message.js';
import { MailTransport } from '../mail/mail-transport.js';
import { observeLetterAttempt } from '../metrics/process-metrics.js';
import { ReplyKeys } from '../replies/reply-keys.js';
import { classifySmtpError } from '../mail/smtp-errors.js';
import { SmtpUnreachable } from '../mail/smtp-outage.js';
import type { AttemptOutcome } from './delivery-attempt.entity.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { allows } from './delivery-transitions.js';
import type { DeliveryStatus } from './delivery.entity.js';
import { claimedTarget, type AttemptRecord, type ClaimedLetter } from './letter-claim.sql.js';
import { SendWindowGate } from './send-window-gate.js';
import { TargetPacer, type PacingSlot } from './target-pacer.js';

export type LetterOutcome = 'sent' | 'held' | 'cancelled' | 'skipped';

/** The letter must wait (its target's pacing window is full, or its office hours closed): not a failure, no attempt spent. `untilMs`: real time. */
export class LetterDeferred extends Error {
  constructor(readonly untilMs: number) {
    super(`deferred until ${new Date(untilMs).toISOString()}`);
  }
}

/** No SMTP server answered: the letter is owed again as it was, and the queue should pause (shared with supporter emails). */
export { SmtpUnreachable };

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
    private readonly ledger: DeliveryLedger,
    private readonly mail: MailTransport,
    private readonly pacer: TargetPacer,
    @InjectConfig() private readonly config: AppConfig,
    private readonly bounces: BounceRecorder,
    private readonly replyKeys: ReplyKeys,
    private readonly window: SendWindowGate,
  ) {}

  async deliver(deliveryId: string): Promise<LetterOutcome> {
    const row = await this.ledger.claim(deliveryId);
    if (!row) return this.explainUnclaimed(deliveryId);

    let slot: PacingSlot | null;
    let message: OutgoingMessage | null;
    try {
      ({ slot, message } = await this.prepare(deliveryId, row));
    } catch (e) {
      // Redis or PostgreSQL failed between the claim and SMTP: the letter is owed again at once
      // (not left in `sending` until the lease), its attempt given back; the job is retried
      if (!(e instanceof LetterDeferred)) await this.ledger.giveBack(deliveryId, `not tried: ${(e as Error).message}`);
      throw e;
    }
    if (!message) {
      await this.ledger.cancelClaimed(deliveryId, 'every signatory of this digest withdrew');
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

  /**
   * Between the claim and SMTP: office hours (delivery.sendWindow, in the official's time zone:
   * closed, the letter waits for its place in the next opening), a slot of the target's pacing
   * window (full: it waits for the next), and the message (null: a digest nobody is left in). A
   * wait gives the claim back and throws LetterDeferred.
   */
  private async prepare(deliveryId: string, row: ClaimedLetter): Promise<{ slot: PacingSlot | null; message: OutgoingMessage | null }> {
    if (row.delivery.sendWindow) {
      const target = { email: row.target_email, timeZone: row.target_time_zone, country: row.target_country };
      const until = await this.window.deferral(row.delivery.sendWindow, target, row.delivery.maxPerTargetPerHour);
      if (until !== null) {
        await this.ledger.giveBack(deliveryId);
        throw new LetterDeferred(this.window.realTime(until));
      }
    }

    const limit = row.delivery.maxPerTargetPerHour;
    const slot = limit ? await this.pacer.take(row.target_email, limit) : null;
    if (slot && slot.waitMs > 0) {
      await this.ledger.giveBack(deliveryId);
      throw new LetterDeferred(Date.now() + slot.waitMs);
    }
    try {
      // a campaign that relays replies: Reply-To reply+TOKEN@MAIL_DOMAIN (src/replies), not the supporter
      const relayTo = row.delivery.replies === 'relay' ? await this.replyKeys.addressFor(deliveryId) : null;
      const message = row.signature_id ? this.individual(deliveryId, row, relayTo) : await this.digest(deliveryId, row, relayTo);
      return { slot, message };
    } catch (e) {
      await slot?.release();
      throw e;
    }
  }

  private individual(deliveryId: string, row: ClaimedLetter, relayTo: string | null): OutgoingMessage {
    return buildLetterMessage(
      {
        deliveryId,
        campaign: { slug: row.slug, title: row.campaign_title, appeal: row.appeal },
        target: claimedTarget(row),
        supporter: {
          firstName: row.first_name!,
          lastName: row.last_name!,
          email: row.supporter_email!,
          country: row.country!,
          comment: row.comment,
          letterBody: row.letter_body,
        },
        showSupporterEmail: row.delivery.showSupporterEmail === true,
      },
      this.config.mail,
      relayTo,
    );
  }

  /**
   * A digest lists the signatures confirmed in its period that are still confirmed now (and not
   * rejected in review: a digest carries names, never words, so one waiting for review is listed),
   * except those with a letter of their own to this target (sent, in flight or owed: a target that
   * switched to digests keeps those; the ones it was owed and not sent were folded, cancelled).
   */
  private async digest(deliveryId: string, row: ClaimedLetter, relayTo: string | null): Promise<OutgoingMessage | null> {
    const signatories: { first_name: string; last_name: string; country: string; total: number }[] = await this.db.query(
      `SELECT p.first_name, p.last_name, p.country, count(*) OVER ()::int AS total
         FROM signatures s JOIN supporters p ON p.id = s.supporter_id
        WHERE s.campaign_id = $1 AND s.status = 'confirmed' AND s.erased_at IS NULL AND s.review_status IS DISTINCT FROM 'rejected'
          AND s.confirmed_at >= $2 AND s.confirmed_at < $3
          AND ${digestListsSql('s', '$1::uuid', '(SELECT target_id FROM deliveries WHERE id = $5)')}
        ORDER BY s.confirmed_at, s.id
        LIMIT $4`,
      [row.campaign_id, row.period_start, row.period_end, DIGEST_MAX_NAMES, deliveryId],
    );
    if (!signatories.length) return null;
    return buildDigestMessage(
      {
        deliveryId,
        campaign: { slug: row.slug, title: row.campaign_title, appeal: row.appeal },
        target: claimedTarget(row),
        signatories: signatories.map((s) => ({ firstName: s.first_name, lastName: s.last_name, country: s.country })),
        more: signatories[0].total - signatories.length,
      },
      this.config.mail,
      relayTo,
    );
  }

  /**
   * The outcome of one attempt: the delivery's new status (sent, retrying, failed, or queued
   * again when no server answered) and a row of its attempt history, batched with the outcomes of
   * the other letters in flight.
   */
  private async record(deliveryId: string, attempt: number, started: Date, outcome: AttemptOutcome, response: string, final = false) {
    const status: AttemptRecord['status'] =
      outcome === 'sent' ? 'sent' : outcome === 'unreachable' ? 'queued' : outcome === 'permanent_failure' || final ? 'failed' : 'retrying';
    const durationMs = Date.now() - started.getTime();
    const sinceConfirmed = await this.ledger.record({ id: deliveryId, status, attempt, response, started, outcome, durationMs });
    observeLetterAttempt(outcome, durationMs, sinceConfirmed);
  }

  /**
   * Why a letter could not be claimed: it is done or in another worker's hands (skipped), its
   * campaign is paused or its delivery.startAt is still to come (held: the row stays queued and is
   * dispatched again on resume, or at startAt), its target's address is failing (held likewise, until a campaigner clears the flag),
   * its official's substantive reply held the rest of their letters (onReply "hold": until a campaigner releases them), or its
   * target was withdrawn or deactivated, or its signature withdrawn (cancelled now).
   */
  private async explainUnclaimed(deliveryId: string): Promise<LetterOutcome> {
    const [row]: { status: DeliveryStatus; target_status: string | null; signature_id: string | null; signature_status: string | null; erased: boolean }[] =
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
    if (!row || !allows('claim', row.status)) return 'skipped';
    const targetGone = row.target_status !== 'launched';
    const signatureGone = row.signature_id !== null && (row.signature_status !== 'confirmed' || row.erased);
    if (targetGone || signatureGone) {
      await this.ledger.cancelUnsent(
        deliveryId,
        targetGone
          ? row.target_status === 'deactivated'
            ? 'target deactivated'
            : 'target withdrawn'
          : row.erased
            ? 'supporter erased'
            : 'signature withdrawn',
      );
      return 'cancelled';
    }
    return 'held';
  }
}

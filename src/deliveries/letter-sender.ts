import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Appeal } from '../campaigns/campaign.entity.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { buildLetterMessage, messageIdFor, type LetterFacts } from '../mail/letter-message.js';
import { MailTransport } from '../mail/mail-transport.js';
import { classifySmtpError } from '../mail/smtp-errors.js';
import type { AttemptOutcome } from './delivery-attempt.entity.js';

export type LetterOutcome = 'sent' | 'held' | 'cancelled' | 'skipped';

interface ClaimedRow {
  attempts: number;
  slug: string;
  campaign_title: string;
  appeal: Appeal;
  target_name: string;
  target_title: string;
  organization: string;
  target_email: string;
  locale: string;
  first_name: string;
  last_name: string;
  supporter_email: string;
  country: string;
  comment: string | null;
}

/**
 * Delivers one letter: claims the row (queued/retrying → sending) with a conditional UPDATE, so
 * that of several workers only one ever holds it; renders it for its target and supporter;
 * hands it to SMTP; records the outcome. A temporary failure puts the row in `retrying` and
 * throws, for BullMQ to retry with backoff; a permanent one (5xx), or the last attempt, marks
 * it `failed` and throws UnrecoverableError.
 */
@Injectable()
export class LetterSender {
  private readonly log = new Logger(LetterSender.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailTransport,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async deliver(deliveryId: string): Promise<LetterOutcome> {
    const row = await this.claim(deliveryId);
    if (!row) return this.explainUnclaimed(deliveryId);
    const facts: LetterFacts = {
      deliveryId,
      campaign: { slug: row.slug, title: row.campaign_title, appeal: row.appeal },
      target: { name: row.target_name, title: row.target_title, organization: row.organization, email: row.target_email, locale: row.locale },
      supporter: { firstName: row.first_name, lastName: row.last_name, email: row.supporter_email, country: row.country, comment: row.comment },
    };
    const started = new Date();
    try {
      const info = await this.mail.send(buildLetterMessage(facts, this.config.mail));
      await this.record(deliveryId, row.attempts, started, 'sent', info.response);
      return 'sent';
    } catch (error) {
      const failure = classifySmtpError(error);
      const final = failure.permanent || row.attempts >= this.config.deliveryMaxAttempts;
      await this.record(deliveryId, row.attempts, started, failure.permanent ? 'permanent_failure' : 'temporary_failure', failure.reason, final);
      this.log.warn(`letter ${deliveryId} attempt ${row.attempts} ${final ? 'failed for good' : 'will be retried'}: ${failure.reason}`);
      throw final ? new UnrecoverableError(failure.reason) : error;
    }
  }

  /**
   * The outcome of one attempt, in one statement: the delivery's new status (sent, retrying,
   * failed) and a row of its attempt history.
   */
  private async record(deliveryId: string, attempt: number, started: Date, outcome: AttemptOutcome, response: string, final = false) {
    const status = outcome === 'sent' ? 'sent' : final ? 'failed' : 'retrying';
    await this.db.query(
      `WITH d AS (
         UPDATE deliveries
            SET status = $2, updated_at = now(),
                sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
                smtp_response = CASE WHEN $2 = 'sent' THEN $4 ELSE smtp_response END,
                last_error = CASE WHEN $2 = 'sent' THEN NULL ELSE $4 END
          WHERE id = $1 AND status = 'sending'
         RETURNING id
       )
       INSERT INTO delivery_attempts (delivery_id, attempt, started_at, outcome, response, duration_ms)
       VALUES ($1, $3, $5, $6, $4, $7)`,
      [deliveryId, status, attempt, response, started, outcome, Date.now() - started.getTime()],
    );
  }

  /** The claim and everything the letter needs, in one statement. */
  private async claim(deliveryId: string): Promise<ClaimedRow | null> {
    const rows: ClaimedRow[] = await this.db.query(
      `WITH claimed AS (
         UPDATE deliveries d
            SET status = 'sending', attempts = d.attempts + 1, claimed_at = now(), updated_at = now(),
                message_id = COALESCE(d.message_id, $2)
          WHERE d.id = $1 AND d.status IN ('queued', 'retrying')
            AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = d.campaign_id AND c.status IN ('live', 'closed'))
            AND EXISTS (SELECT 1 FROM campaign_targets ct
                         WHERE ct.campaign_id = d.campaign_id AND ct.target_id = d.target_id AND ct.status = 'launched')
            AND EXISTS (SELECT 1 FROM signatures s WHERE s.id = d.signature_id AND s.status = 'confirmed')
         RETURNING d.*
       )
       SELECT d.attempts, c.slug, c.title AS campaign_title, c.appeal,
              t.name AS target_name, t.title AS target_title, t.organization, t.email AS target_email, t.locale,
              p.first_name, p.last_name, p.email AS supporter_email, p.country, s.comment
         FROM claimed d
         JOIN campaigns c ON c.id = d.campaign_id
         JOIN targets t ON t.id = d.target_id
         JOIN signatures s ON s.id = d.signature_id
         JOIN supporters p ON p.id = s.supporter_id`,
      [deliveryId, messageIdFor(deliveryId, this.config.mail.domain)],
    );
    return rows[0] ?? null;
  }

  /**
   * Why a letter could not be claimed: it is done or in another worker's hands (skipped), its
   * campaign is paused (held: the row stays queued and is dispatched again on resume), or its
   * target or signature was withdrawn (cancelled now).
   */
  private async explainUnclaimed(deliveryId: string): Promise<LetterOutcome> {
    const [row]: { status: string; campaign_status: string; target_status: string | null; signature_status: string | null }[] =
      await this.db.query(
        `SELECT d.status, c.status AS campaign_status, ct.status AS target_status, s.status AS signature_status
           FROM deliveries d
           JOIN campaigns c ON c.id = d.campaign_id
           LEFT JOIN campaign_targets ct ON ct.campaign_id = d.campaign_id AND ct.target_id = d.target_id
           LEFT JOIN signatures s ON s.id = d.signature_id
          WHERE d.id = $1`,
        [deliveryId],
      );
    if (!row || !['queued', 'retrying'].includes(row.status)) return 'skipped';
    if (row.target_status !== 'launched' || row.signature_status !== 'confirmed') {
      const reason = row.target_status !== 'launched' ? 'target withdrawn' : 'signature withdrawn';
      await this.db.query(
        `UPDATE deliveries SET status = 'cancelled', last_error = $2, updated_at = now() WHERE id = $1 AND status IN ('queued', 'retrying')`,
        [deliveryId, reason],
      );
      return 'cancelled';
    }
    return 'held';
  }
}

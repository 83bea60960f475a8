import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { hashToken, newToken } from '../common/tokens.js';
import { MailTransport } from '../mail/mail-transport.js';
import { classifySmtpError } from '../mail/smtp-errors.js';
import { SmtpUnreachable } from '../mail/smtp-outage.js';
import { DEFAULT_LOCALE, supportedLocale } from '../i18n/i18n.js';
import type { CampaignTranslations } from '../campaigns/campaign.entity.js';
import type { NotificationKind } from './notification.entity.js';
import { confirmationEmail, deliveryReceiptEmail, thankYouEmail } from './supporter-emails.js';

interface ClaimedRow {
  kind: string;
  attempts: number;
  signature_id: string;
  signature_status: string;
  locale: string | null;
  campaign_id: string;
  slug: string;
  title: string;
  translations: CampaignTranslations;
  first_name: string;
  email: string;
}

export type NotificationOutcome = 'sent' | 'cancelled' | 'skipped';

/**
 * Sends one supporter email (the confirmation request, the thank-you, the delivery receipt), in the language the
 * supporter signed in. Its links carry fresh tokens, made here: only their hashes are stored, and
 * the tokens themselves exist only in the email. Failures are treated as letters' are: a 4xx is
 * retried (up to DELIVERY_MAX_ATTEMPTS), a 5xx fails it, and when no server answers at all the
 * email goes back to `queued` without spending an attempt and throws SmtpUnreachable, for the
 * queue to pause (an outage of the relay must not use up a supporter's confirmation email).
 */
@Injectable()
export class NotificationSender {
  private readonly log = new Logger(NotificationSender.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailTransport,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async send(notificationId: string): Promise<NotificationOutcome> {
    const [row] = await this.db.query(
      `WITH claimed AS (
         UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
          WHERE id = $1 AND status IN ('queued', 'retrying')
         RETURNING id, kind, signature_id, attempts
       )
       SELECT n.kind, n.attempts, n.signature_id, s.status AS signature_status, s.locale,
              c.id AS campaign_id, c.slug, c.title, c.translations, p.first_name, p.email
         FROM claimed n
         JOIN signatures s ON s.id = n.signature_id
         JOIN campaigns c ON c.id = s.campaign_id
         JOIN supporters p ON p.id = s.supporter_id`,
      [notificationId],
    );
    if (!row) return 'skipped';
    const kind = row.kind as NotificationKind;
    // a confirmation request is for a pending signature, a thank-you or a receipt for a confirmed one
    const wanted = kind === 'confirm_signature' ? 'pending' : 'confirmed';
    if (row.signature_status !== wanted) {
      await this.finish(notificationId, 'cancelled', `signature already ${row.signature_status}`);
      return 'cancelled';
    }
    const message =
      kind === 'thank_you'
        ? await this.thankYou(notificationId, row)
        : kind === 'delivery_receipt'
          ? await this.deliveryReceipt(notificationId, row)
          : await this.confirmation(notificationId, row);
    try {
      await this.mail.send(message);
      await this.finish(notificationId, 'sent', null);
      return 'sent';
    } catch (error) {
      const failure = classifySmtpError(error);
      if (failure.kind === 'unreachable') {
        await this.requeue(notificationId, failure.reason);
        throw new SmtpUnreachable(failure.reason);
      }
      const final = failure.permanent || row.attempts >= this.config.deliveryMaxAttempts;
      await this.finish(notificationId, final ? 'failed' : 'retrying', failure.reason);
      this.log.warn(`notification ${notificationId} attempt ${row.attempts} ${final ? 'failed for good' : 'will be retried'}: ${failure.reason}`);
      throw final ? new UnrecoverableError(failure.reason) : error;
    }
  }

  private async confirmation(notificationId: string, row: ClaimedRow) {
    const confirm = newToken();
    const withdraw = newToken();
    await this.db.query(
      `INSERT INTO signature_tokens (token_hash, signature_id, purpose, expires_at)
       VALUES ($1, $3, 'confirm', now() + make_interval(hours => $4)), ($2, $3, 'withdraw', NULL)`,
      [hashToken(confirm), hashToken(withdraw), row.signature_id, this.config.confirmTtlHours],
    );
    return confirmationEmail(
      {
        notificationId,
        locale: row.locale,
        campaign: { slug: row.slug, title: row.title, translations: row.translations },
        supporter: { firstName: row.first_name, email: row.email },
        confirmUrl: this.link(`/confirm/${confirm}`, row.locale),
        withdrawUrl: this.link(`/withdraw/${withdraw}`, row.locale),
        expiresInHours: this.config.confirmTtlHours,
      },
      this.sender(),
    );
  }

  private async thankYou(notificationId: string, row: ClaimedRow) {
    const withdraw = newToken();
    await this.db.query(`INSERT INTO signature_tokens (token_hash, signature_id, purpose, expires_at) VALUES ($1, $2, 'withdraw', NULL)`, [
      hashToken(withdraw),
      row.signature_id,
    ]);
    const targets: { name: string; title: string; organization: string }[] = await this.db.query(
      `SELECT t.name, t.title, t.organization FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id
        WHERE ct.campaign_id = $1 AND ct.status = 'launched' AND t.active ORDER BY ct.launched_at, t.name`,
      [row.campaign_id],
    );
    return thankYouEmail(
      {
        notificationId,
        locale: row.locale,
        campaign: { slug: row.slug, title: row.title, translations: row.translations },
        supporter: { firstName: row.first_name, email: row.email },
        withdrawUrl: this.link(`/withdraw/${withdraw}`, row.locale),
        campaignUrl: `${this.config.publicUrl}/c/${encodeURIComponent(row.slug)}?source=thank-you-email`,
        targets,
      },
      this.sender(),
    );
  }

  /** Which officials' mail servers took the supporter's letter, and which did not (failed, bounced). */
  private async deliveryReceipt(notificationId: string, row: ClaimedRow) {
    const letters: { name: string; title: string; organization: string; status: string }[] = await this.db.query(
      `SELECT t.name, t.title, t.organization, d.status
         FROM deliveries d JOIN targets t ON t.id = d.target_id
        WHERE d.signature_id = $1 AND d.status IN ('sent', 'failed', 'bounced')
        ORDER BY t.name, t.id`,
      [row.signature_id],
    );
    const official = ({ name, title, organization }: (typeof letters)[number]) => ({ name, title, organization });
    return deliveryReceiptEmail(
      {
        notificationId,
        locale: row.locale,
        campaign: { slug: row.slug, title: row.title, translations: row.translations },
        supporter: { firstName: row.first_name, email: row.email },
        campaignUrl: `${this.config.publicUrl}/c/${encodeURIComponent(row.slug)}?source=receipt-email`,
        sent: letters.filter((l) => l.status === 'sent').map(official),
        failed: letters.filter((l) => l.status !== 'sent').map(official),
      },
      this.sender(),
    );
  }

  /** Who the emails are from, and the privacy policy they link to. */
  private sender() {
    return { ...this.config.mail, privacyUrl: this.config.privacyUrl };
  }

  /** A link for the supporter: its page opens in the language they signed in. */
  private link(path: string, locale: string | null): string {
    return `${this.config.publicUrl}${path}?lang=${supportedLocale(locale) ?? DEFAULT_LOCALE}`;
  }

  /** No server answered: owed again as it was (the attempt given back), the reason kept for the dashboard. */
  private async requeue(id: string, reason: string) {
    await this.db.query(
      `UPDATE notifications SET status = 'queued', attempts = attempts - 1, last_error = $2, updated_at = now()
        WHERE id = $1 AND status = 'sending'`,
      [id, reason],
    );
  }

  private async finish(id: string, status: 'sent' | 'retrying' | 'failed' | 'cancelled', reason: string | null) {
    await this.db.query(
      `UPDATE notifications SET status = $2, last_error = $3, updated_at = now(),
              sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END
        WHERE id = $1 AND status = 'sending'`,
      [id, status, reason],
    );
  }
}

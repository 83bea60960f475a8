import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { hashToken, newToken } from '../common/tokens.js';
import { MailTransport } from '../mail/mail-transport.js';
import { classifySmtpError } from '../mail/smtp-errors.js';
import { confirmationEmail } from './supporter-emails.js';

export type NotificationOutcome = 'sent' | 'cancelled' | 'skipped';

/**
 * Sends one supporter email. The confirmation email's links carry fresh tokens, made here: only
 * their hashes are stored, and the tokens themselves exist only in the email.
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
       SELECT n.kind, n.attempts, n.signature_id, s.status AS signature_status,
              c.slug, c.title, p.first_name, p.email
         FROM claimed n
         JOIN signatures s ON s.id = n.signature_id
         JOIN campaigns c ON c.id = s.campaign_id
         JOIN supporters p ON p.id = s.supporter_id`,
      [notificationId],
    );
    if (!row) return 'skipped';
    if (row.signature_status !== 'pending') {
      await this.finish(notificationId, 'cancelled', `signature already ${row.signature_status}`);
      return 'cancelled';
    }
    const confirm = newToken();
    const withdraw = newToken();
    await this.db.query(
      `INSERT INTO signature_tokens (token_hash, signature_id, purpose, expires_at)
       VALUES ($1, $3, 'confirm', now() + make_interval(hours => $4)), ($2, $3, 'withdraw', NULL)`,
      [hashToken(confirm), hashToken(withdraw), row.signature_id, this.config.confirmTtlHours],
    );
    const message = confirmationEmail(
      {
        notificationId,
        campaign: { slug: row.slug, title: row.title },
        supporter: { firstName: row.first_name, email: row.email },
        confirmUrl: `${this.config.publicUrl}/confirm/${confirm}`,
        withdrawUrl: `${this.config.publicUrl}/withdraw/${withdraw}`,
        expiresInHours: this.config.confirmTtlHours,
      },
      this.config.mail,
    );
    try {
      await this.mail.send(message);
      await this.finish(notificationId, 'sent', null);
      return 'sent';
    } catch (error) {
      const failure = classifySmtpError(error);
      const final = failure.permanent || row.attempts >= this.config.deliveryMaxAttempts;
      await this.finish(notificationId, final ? 'failed' : 'retrying', failure.reason);
      this.log.warn(`notification ${notificationId} attempt ${row.attempts} ${final ? 'failed for good' : 'will be retried'}: ${failure.reason}`);
      throw final ? new UnrecoverableError(failure.reason) : error;
    }
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

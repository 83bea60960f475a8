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
import { SignatureLedger } from '../signatures/signature-ledger.js';
import { NotificationOutbox, type ClaimedNotification, type OfficialNames } from './notification-outbox.js';
import type { ReplyAttachment, ReplyKind } from '../replies/reply.entity.js';
import { confirmationEmail, deliveryReceiptEmail, replyForwardEmail, thankYouEmail } from './supporter-emails.js';

/** A final letter of the signature, for the receipt. */
interface LetterOutcomeRow extends OfficialNames {
  status: 'sent' | 'failed' | 'bounced';
}

/** The reply a forward sends on, and the official it answers for. */
interface ForwardedReplyRow extends OfficialNames {
  kind: ReplyKind;
  from_address: string | null;
  from_name: string | null;
  subject: string;
  text: string;
  attachments: ReplyAttachment[];
  email: string;
}

export type NotificationOutcome = 'sent' | 'cancelled' | 'skipped';

/**
 * Sends one supporter email (the confirmation request, the thank-you, the delivery receipt, a forwarded reply), in the language the
 * supporter signed in. Its links carry fresh tokens, made here: only their hashes are stored (by
 * the signature ledger), and the tokens themselves exist only in the email. Failures are treated
 * as letters' are: a 4xx is retried (up to DELIVERY_MAX_ATTEMPTS), a 5xx fails it, and when no
 * server answers at all the email goes back to `queued` without spending an attempt and throws
 * SmtpUnreachable, for the queue to pause (an outage of the relay must not use up a supporter's
 * confirmation email). Every change of the email's status is the notification outbox's.
 */
@Injectable()
export class NotificationSender {
  private readonly log = new Logger(NotificationSender.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: NotificationOutbox,
    private readonly signatures: SignatureLedger,
    private readonly mail: MailTransport,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async send(notificationId: string): Promise<NotificationOutcome> {
    const row = await this.outbox.claim(notificationId);
    if (!row) return 'skipped';
    const kind = row.kind;
    // a confirmation request is for a pending signature, a thank-you, a receipt or a forward for a confirmed one
    const wanted = kind === 'confirm_signature' ? 'pending' : 'confirmed';
    if (row.signature_status !== wanted || row.erased) {
      await this.outbox.cancelClaimed(notificationId, row.erased ? 'supporter erased' : `signature already ${row.signature_status}`);
      return 'cancelled';
    }
    const message =
      kind === 'thank_you'
        ? await this.thankYou(notificationId, row)
        : kind === 'delivery_receipt'
          ? await this.deliveryReceipt(notificationId, row)
          : kind === 'reply_forward'
            ? await this.replyForward(notificationId, row)
            : await this.confirmation(notificationId, row);
    if (!message) {
      await this.outbox.cancelClaimed(notificationId, 'the reply was marked automatic since');
      return 'cancelled';
    }
    try {
      await this.mail.send(message);
      // false when the supporter was erased meanwhile: the email went, nothing more is recorded
      await this.outbox.markSent(notificationId);
      return 'sent';
    } catch (error) {
      const failure = classifySmtpError(error);
      if (failure.kind === 'unreachable') {
        await this.outbox.deferForOutage(notificationId, failure.reason);
        throw new SmtpUnreachable(failure.reason);
      }
      const final = failure.permanent || row.attempts >= this.config.deliveryMaxAttempts;
      await (final ? this.outbox.markFailed(notificationId, failure.reason) : this.outbox.markRetrying(notificationId, failure.reason));
      this.log.warn(`notification ${notificationId} attempt ${row.attempts} ${final ? 'failed for good' : 'will be retried'}: ${failure.reason}`);
      throw final ? new UnrecoverableError(failure.reason) : error;
    }
  }

  private async confirmation(notificationId: string, row: ClaimedNotification) {
    const confirm = newToken();
    const withdraw = newToken();
    const unsubscribe = newToken();
    await this.signatures.issueLinks(row.signature_id, [
      { purpose: 'confirm', hash: hashToken(confirm), ttlHours: this.config.confirmTtlHours },
      { purpose: 'withdraw', hash: hashToken(withdraw) },
      { purpose: 'unsubscribe', hash: hashToken(unsubscribe) },
    ]);
    return confirmationEmail(
      {
        notificationId,
        locale: row.locale,
        campaign: { slug: row.slug, title: row.title, translations: row.translations },
        supporter: { firstName: row.first_name, email: row.email },
        confirmUrl: this.link(`/confirm/${confirm}`, row.locale),
        withdrawUrl: this.link(`/withdraw/${withdraw}`, row.locale),
        unsubscribeUrl: this.link(`/unsubscribe/${unsubscribe}`, row.locale),
        expiresInHours: this.config.confirmTtlHours,
        // the officials the supporter's letters go to (the claim read them)
        targets: row.officials ?? [],
      },
      this.sender(),
    );
  }

  private async thankYou(notificationId: string, row: ClaimedNotification) {
    const withdraw = newToken();
    const unsubscribe = newToken();
    await this.signatures.issueLinks(row.signature_id, [
      { purpose: 'withdraw', hash: hashToken(withdraw) },
      { purpose: 'unsubscribe', hash: hashToken(unsubscribe) },
    ]);
    return thankYouEmail(
      {
        notificationId,
        locale: row.locale,
        campaign: { slug: row.slug, title: row.title, translations: row.translations },
        supporter: { firstName: row.first_name, email: row.email },
        withdrawUrl: this.link(`/withdraw/${withdraw}`, row.locale),
        unsubscribeUrl: this.link(`/unsubscribe/${unsubscribe}`, row.locale),
        campaignUrl: `${this.config.publicUrl}/c/${encodeURIComponent(row.slug)}?source=thank-you-email`,
        // the officials the supporter's letters go to (the claim read them)
        targets: row.officials ?? [],
      },
      this.sender(),
    );
  }

  /** Which officials' mail servers took the supporter's letter, and which did not (failed, bounced). */
  private async deliveryReceipt(notificationId: string, row: ClaimedNotification) {
    const letters = await this.db.query<LetterOutcomeRow[]>(
      `SELECT t.name, t.title, t.organization, d.status
         FROM deliveries d JOIN targets t ON t.id = d.target_id
        WHERE d.signature_id = $1 AND d.status IN ('sent', 'failed', 'bounced')
        ORDER BY t.name, t.id`,
      [row.signature_id],
    );
    const official = ({ name, title, organization }: (typeof letters)[number]) => ({ name, title, organization });
    const unsubscribe = newToken();
    await this.signatures.issueLinks(row.signature_id, [{ purpose: 'unsubscribe', hash: hashToken(unsubscribe) }]);
    return deliveryReceiptEmail(
      {
        notificationId,
        locale: row.locale,
        campaign: { slug: row.slug, title: row.title, translations: row.translations },
        supporter: { firstName: row.first_name, email: row.email },
        campaignUrl: `${this.config.publicUrl}/c/${encodeURIComponent(row.slug)}?source=receipt-email`,
        unsubscribeUrl: this.link(`/unsubscribe/${unsubscribe}`, row.locale),
        sent: letters.filter((l) => l.status === 'sent').map(official),
        failed: letters.filter((l) => l.status !== 'sent').map(official),
      },
      this.sender(),
    );
  }

  /**
   * An official's answer, sent on to the supporter whose letter it answers. Null when the reply is
   * automatic now (a campaigner corrected its kind since it was owed): not sent.
   */
  private async replyForward(notificationId: string, row: ClaimedNotification) {
    const [reply] = await this.db.query<ForwardedReplyRow[]>(
      `SELECT r.kind, r.from_address, r.from_name, r.subject, r.text, r.attachments, t.name, t.title, t.organization, t.email
         FROM replies r JOIN targets t ON t.id = r.target_id
        WHERE r.id = $1`,
      [row.reply_id],
    );
    if (!reply || reply.kind === 'auto') return null;
    const unsubscribe = newToken();
    await this.signatures.issueLinks(row.signature_id, [{ purpose: 'unsubscribe', hash: hashToken(unsubscribe) }]);
    return replyForwardEmail(
      {
        notificationId,
        locale: row.locale,
        campaign: { slug: row.slug, title: row.title, translations: row.translations },
        supporter: { firstName: row.first_name, email: row.email },
        unsubscribeUrl: this.link(`/unsubscribe/${unsubscribe}`, row.locale),
        official: { name: reply.name, title: reply.title, organization: reply.organization, email: reply.email },
        reply: {
          fromAddress: reply.from_address,
          fromName: reply.from_name,
          subject: reply.subject,
          text: reply.text,
          attachments: reply.attachments,
        },
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
}

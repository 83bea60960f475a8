import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashToken, looksLikeToken } from '../common/tokens.js';
import { lockCampaign } from '../database/campaign-lock.js';
import { DeliveryLedger } from '../deliveries/delivery-ledger.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.js';
import { NotificationOutbox } from '../notifications/notification-outbox.js';
import type { CampaignTranslations } from '../campaigns/campaign.entity.js';
import { ModerationScreen } from '../moderation/moderation-screen.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { SignatureLedger } from './signature-ledger.js';
import type { TokenPurpose } from './signature-token.entity.js';

/** The campaign a link belongs to: its slug, default title and the title's translations (pages show the one for their language). */
export interface LinkedCampaign {
  slug: string;
  title: string;
  translations: CampaignTranslations;
}

export interface ConfirmResult {
  status: 'confirmed';
  campaign: { slug: string; title: string };
  /** the campaign's translations, for a page that names it in its language (the JSON API answers the default title) */
  translations: CampaignTranslations;
  /** false when this token's signature had been confirmed before (confirming is idempotent) */
  firstTime: boolean;
}

export interface WithdrawResult {
  status: 'withdrawn';
  campaign: { slug: string; title: string };
  translations: CampaignTranslations;
  cancelled: number;
}

export interface UnsubscribeResult {
  status: 'unsubscribed';
  campaign: { slug: string; title: string };
  translations: CampaignTranslations;
  /** consents withdrawn now (0: there were none, or they were withdrawn before) */
  withdrawn: number;
}

interface TokenRow {
  signature_id: string;
  campaign_id: string;
  slug: string;
  title: string;
  translations: CampaignTranslations;
  status: string;
}

@Injectable()
export class ConfirmationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deliveries: DeliveryLedger,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly notifications: NotificationDispatcher,
    private readonly signatures: SignatureLedger,
    private readonly emails: NotificationOutbox,
    private readonly webhooks: WebhookOutbox,
    private readonly moderation: ModerationScreen,
  ) {}

  /**
   * Confirms the signature a token names and, in the same transaction, screens the supporter's own
   * words (src/moderation), owes one letter per launched target and a thank-you email to the supporter. Idempotent: confirming again
   * answers the same and owes nothing more.
   */
  async confirm(token: unknown): Promise<ConfirmResult> {
    const found = await this.findToken(token, 'confirm', 'This confirmation link is unknown or has expired');
    if (found.status === 'withdrawn') throw new ConflictException('This signature was withdrawn');
    const owed = await this.db.transaction(async (em) => {
      await lockCampaign(em, found.campaign_id, 'shared');
      const confirmed = await this.signatures.confirm(em, found.signature_id);
      if (!confirmed) return null;
      // the supporter's own words, screened before their letters are owed (held while they wait for review)
      if (confirmed.personal) await this.moderation.screen(em, found.signature_id);
      const thanks = await this.emails.oweThankYou(em, found.signature_id);
      await this.webhooks.recordSignature(em, 'signature.confirmed', found.signature_id);
      // a consent to further contact given when signing counts once the address is confirmed
      await this.webhooks.recordConsent(em, 'consent.given', found.signature_id);
      return { letters: await this.deliveries.oweForSignature(em, found.signature_id), thanks };
    });
    if (owed) {
      await this.dispatcher.enqueue(owed.letters);
      await this.notifications.enqueue(owed.thanks);
    }
    return { status: 'confirmed', campaign: { slug: found.slug, title: found.title }, translations: found.translations, firstTime: owed !== null };
  }

  /** Withdraws a signature: its letters not yet sent are cancelled. Idempotent. */
  async withdraw(token: unknown): Promise<WithdrawResult> {
    const found = await this.findToken(token, 'withdraw', 'This withdrawal link is unknown');
    const cancelled = await this.db.transaction(async (em) => {
      if (!(await this.signatures.withdraw(em, found.signature_id))) return 0;
      await this.webhooks.recordSignature(em, 'signature.withdrawn', found.signature_id);
      await this.emails.cancelUnsentForSignature(em, found.signature_id, 'signature withdrawn');
      return this.deliveries.cancelUnsentForSignature(em, found.signature_id, 'signature withdrawn');
    });
    return { status: 'withdrawn', campaign: { slug: found.slug, title: found.title }, translations: found.translations, cancelled };
  }

  /**
   * An unsubscribe link (the footer link, or a mail client's one-click POST, RFC 8058): withdraws
   * the consent to further contact the supporter gave, in every campaign; the signature and its
   * letters stay. Idempotent: `withdrawn` counts the consents withdrawn now.
   */
  async unsubscribe(token: unknown): Promise<UnsubscribeResult> {
    const found = await this.findToken(token, 'unsubscribe', 'This unsubscribe link is unknown');
    const withdrawn = await this.db.transaction(async (em) => {
      const rows = await this.signatures.withdrawConsent(em, found.signature_id);
      for (const r of rows) await this.webhooks.recordConsent(em, 'consent.withdrawn', r.id);
      return rows;
    });
    return { status: 'unsubscribed', campaign: { slug: found.slug, title: found.title }, translations: found.translations, withdrawn: withdrawn.length };
  }

  /**
   * The campaign of a confirmation link that exists but has expired (null for any other), so
   * that its page can offer to sign again.
   */
  async expiredConfirmation(token: unknown): Promise<LinkedCampaign | null> {
    if (!looksLikeToken(token)) return null;
    const [row]: LinkedCampaign[] = await this.db.query(
      `SELECT c.slug, c.title, c.translations FROM signature_tokens t
         JOIN signatures s ON s.id = t.signature_id
         JOIN campaigns c ON c.id = s.campaign_id
        WHERE t.token_hash = $1 AND t.purpose = 'confirm' AND t.expires_at <= now()`,
      [hashToken(token)],
    );
    return row ?? null;
  }

  /** Looks at a token without acting on it (for the withdraw page's question). */
  async peek(token: unknown, purpose: TokenPurpose): Promise<TokenRow | null> {
    try {
      return await this.findToken(token, purpose, '');
    } catch {
      return null;
    }
  }

  private async findToken(token: unknown, purpose: TokenPurpose, notFound: string): Promise<TokenRow> {
    if (!looksLikeToken(token)) throw new NotFoundException(notFound);
    const [row]: TokenRow[] = await this.db.query(
      `SELECT t.signature_id, s.campaign_id, s.status, c.slug, c.title, c.translations
         FROM signature_tokens t
         JOIN signatures s ON s.id = t.signature_id
         JOIN campaigns c ON c.id = s.campaign_id
        WHERE t.token_hash = $1 AND t.purpose = $2 AND (t.expires_at IS NULL OR t.expires_at > now())`,
      [hashToken(token), purpose],
    );
    if (!row) throw new NotFoundException(notFound);
    return row;
  }
}

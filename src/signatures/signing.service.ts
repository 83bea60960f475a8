import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { lockCampaign } from '../database/campaign-lock.js';
import type { CampaignTranslations, LetterEditing, OptInPolicy } from '../campaigns/campaign.entity.js';
import type { Appeal } from '../letters/letter-template.js';
import { ownLetterBody, untouchedTexts } from './own-letter.js';
import { optInLabelFor } from '../campaigns/opt-in.js';
import { RecipientsService } from '../campaigns/recipients.service.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { DEFAULT_LOCALE, messagesFor, supportedLocale } from '../i18n/i18n.js';
import { DeliveryLedger } from '../deliveries/delivery-ledger.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import type { SignDto } from './dto/sign.dto.js';
import { preparedQuery } from '../database/prepared-query.js';
import { StatementBatcher } from '../database/statement-batcher.js';
import { ModerationScreen } from '../moderation/moderation-screen.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { SignatureLedger, type PendingSigning } from './signature-ledger.js';

export type SignResult = { status: 'pending_confirmation' } | { status: 'confirmed' };

interface LiveCampaign {
  id: string;
  require_confirmation: boolean;
  opt_in: OptInPolicy;
  letter_editing: LetterEditing;
  /** a "body" campaign: its letter's middle as each page language shows it, normalised (own-letter.ts) */
  untouched: Set<string>;
}

const LIVE_CAMPAIGN_TTL_MS = 1000;

@Injectable()
export class SigningService {
  private readonly live = new Map<string, { campaign: LiveCampaign; until: number }>();
  /** the signings of one moment, in one statement and one commit (one per address at a time) */
  private readonly pending = new StatementBatcher<PendingSigning, boolean>((batch) => this.signatures.signPending(batch), { key: (s) => s.email });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deliveries: DeliveryLedger,
    private readonly letters: DeliveryDispatcher,
    private readonly signatures: SignatureLedger,
    private readonly recipients: RecipientsService,
    private readonly webhooks: WebhookOutbox,
    private readonly moderation: ModerationScreen,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Signs a live campaign (422 when no launched target's audience includes the supporter's
   * country: RecipientsService). The answer is the same whether or not this address had signed before,
   * so the endpoint never tells who signed. `locale` is the language the supporter signed in
   * (the web form knows it): their emails are written in it. `ipHash`: the client address's keyed
   * hash (ClientAddressHasher), kept with a new signature.
   */
  async sign(slug: string, dto: SignDto, locale: string | null = null, ipHash: Buffer | null = null): Promise<SignResult> {
    const campaign = await this.liveCampaign(slug);
    // a letter of the supporter's own, where the campaign takes one (400 otherwise); the text shown, unchanged, is none
    const letterBody = ownLetterBody(campaign.letter_editing, dto.letter?.body, campaign.untouched);
    // nobody would receive this supporter's letter: say so now (422), rather than take a signature that writes to no one
    await this.recipients.assertSomeoneReceives(campaign.id, dto.country);
    const signing: PendingSigning = {
      email: dto.email,
      firstName: dto.firstName,
      lastName: dto.lastName,
      country: dto.country,
      postcode: dto.postcode ?? null,
      campaignId: campaign.id,
      comment: dto.comment ?? null,
      letterBody,
      source: dto.source ?? null,
      locale,
      ipHash,
      ...this.consent(campaign, dto.optIn === true, locale),
    };
    if (campaign.require_confirmation) {
      // supporter, signature and (when owed) the confirmation email, in a statement shared with
      // the other signings of the moment; a worker's relay hands the email to the queue (no Redis
      // on this path)
      const signed = await this.pending.submit(signing);
      if (!signed) return this.notLiveAnyMore(slug);
      // consent given by signing again a signature confirmed before: it counts now (a pending one's counts at confirmation)
      if (signing.optInText) await this.consentGivenAgain(campaign.id, signing.email);
      return { status: 'pending_confirmation' };
    }
    // no confirmation asked: the signature is confirmed at once and owes its letters now
    const owed = await this.db.transaction(async (em) => {
      await lockCampaign(em, campaign.id, 'shared');
      const sig = await this.signatures.signConfirmed(em, signing);
      if (!sig) return null;
      // a pending one was confirmed by signing again; one confirmed or withdrawn before owes nothing more
      if (sig.status !== 'pending' && !sig.inserted) {
        // signed again: a consent given now (again, after a withdrawal) on a confirmed signature is reported
        if (signing.optInText) await this.webhooks.recordConsent(em, 'consent.given', sig.id);
        return [];
      }
      if (sig.status !== 'withdrawn') {
        // the supporter's own words, screened before their letters are owed; a new signature's are this
        // signing's (none: nothing to screen), one signed before may keep earlier ones
        if (!sig.inserted || signing.comment || signing.letterBody) await this.moderation.screen(em, sig.id);
        await this.webhooks.recordSignature(em, 'signature.confirmed', sig.id);
        await this.webhooks.recordConsent(em, 'consent.given', sig.id);
      }
      return sig.status === 'withdrawn' ? [] : this.deliveries.oweForSignature(em, sig.id);
    });
    if (owed === null) return this.notLiveAnyMore(slug);
    await this.letters.enqueue(owed);
    return { status: 'confirmed' };
  }

  /**
   * Consent to further contact, when the campaign asks for it and the box was ticked (`optIn`):
   * the words shown, in the language signed in (the campaign's own, else the default of that
   * language), recorded with the signature. Never assumed.
   */
  private consent(campaign: LiveCampaign, ticked: boolean, locale: string | null): Pick<PendingSigning, 'optInText' | 'optInLocale'> {
    if (!ticked || !campaign.opt_in?.enabled) return { optInText: null, optInLocale: null };
    const pageLocale = supportedLocale(locale) ?? DEFAULT_LOCALE;
    const { text, locale: wordsLocale } = optInLabelFor(
      campaign.opt_in.label,
      locale ?? pageLocale,
      messagesFor(pageLocale).optInDefault(this.config.mail.orgName),
    );
    return { optInText: text, optInLocale: wordsLocale ?? pageLocale };
  }

  /** Reports (webhooks) a consent given by signing again, when the signature was confirmed before; nothing otherwise. */
  private async consentGivenAgain(campaignId: string, email: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const [sig]: { id: string }[] = await em.query(
        `SELECT s.id FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1 AND s.campaign_id = $2 AND s.status = 'confirmed'`,
        [email, campaignId],
      );
      if (sig) await this.webhooks.recordConsent(em, 'consent.given', sig.id);
    });
  }

  /**
   * The campaign a slug names, while it is live. Live campaigns are remembered for a second (a
   * viral campaign gets thousands of signatures a second): the signing statement checks again
   * that the campaign is live, so a pause or close takes effect at once regardless.
   */
  private async liveCampaign(slug: string): Promise<LiveCampaign> {
    const hit = this.live.get(slug);
    if (hit && hit.until > Date.now()) return hit.campaign;
    const [c] = await preparedQuery<
      Omit<LiveCampaign, 'untouched'> & { status: string; ended: boolean; title: string; translations: CampaignTranslations; appeal: Appeal | null }
    >(
      this.db,
      'sign-campaign',
      `SELECT id, status, require_confirmation, opt_in, letter_editing, (ends_at IS NOT NULL AND ends_at <= now()) AS ended,
              title, translations, CASE WHEN letter_editing = 'body' THEN appeal END AS appeal
         FROM campaigns WHERE slug = $1`,
      [slug],
    );
    if (!c || c.status === 'draft') throw new NotFoundException(`No campaign "${slug}"`);
    if (c.status === 'closed' || c.ended) throw new ConflictException('This campaign is closed and takes no more signatures');
    if (c.status === 'paused') throw new ConflictException('This campaign is paused and takes no signatures for now');
    const campaign: LiveCampaign = {
      id: c.id,
      require_confirmation: c.require_confirmation,
      opt_in: c.opt_in,
      letter_editing: c.letter_editing,
      untouched: c.appeal ? untouchedTexts(c.appeal, c) : new Set(),
    };
    if (this.live.size > 10_000) this.live.clear();
    this.live.set(slug, { campaign, until: Date.now() + LIVE_CAMPAIGN_TTL_MS });
    return campaign;
  }

  /** The campaign stopped being live since it was looked up: forget it and say why. */
  private async notLiveAnyMore(slug: string): Promise<never> {
    this.live.delete(slug);
    await this.liveCampaign(slug);
    // live again in the meantime (a pause and a resume within the same second): ask to try again
    throw new ConflictException('This campaign changed while you signed: please sign again');
  }
}

import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignStatus, CampaignTranslations, DeliveryPolicy, LetterEditing, OptInPolicy } from '../campaigns/campaign.entity.js';
import { optInLabelFor } from '../campaigns/opt-in.js';
import { DEFAULT_LOCALE, messagesFor } from '../i18n/i18n.js';
import { editableText } from '../letters/letter-editing.js';
import { appealTextFor, campaignTextFor } from '../campaigns/campaign-text.js';
import type { Appeal } from '../letters/letter-template.js';
import { publishedResponses, type PublicResponse } from '../replies/published-responses.js';

export interface PublicCampaign {
  slug: string;
  /** title and summary in the language asked for (its translation), else the default */
  title: string;
  summary: string;
  /** the key of the campaign's translations shown, or null for its default text */
  translation: string | null;
  /** the letter as a supporter reads it, in the language asked for when the letter has it */
  letter: { subject: string; body: string; translation: string | null; editable: string | null };
  /** what a supporter may write: a comment added to the letter, or the letter's body (then `letter.editable` is the text to rewrite) */
  letterEditing: LetterEditing;
  targets: { name: string; title: string; organization: string }[];
  /** who receives a supporter's letter depends on their country (a launched target has an audience other than everyone) */
  targeted: boolean;
  signatureCount: number;
  signatureGoal: number | null;
  status: CampaignStatus;
  endsAt: Date | null;
  /** delivery.startAt: letters are held until then (null: they go as signatures are confirmed) */
  deliveryStartAt: Date | null;
  /** the officials' replies a campaigner published (src/replies), newest first */
  responses: PublicResponse[];
  requireConfirmation: boolean;
  /** the form asks for consent to further contact: with the campaign's words for this language (null: the default words) */
  optIn: { label: string | null } | null;
}

/** What the public page needs of a campaign, as stored. */
export interface CampaignForPublic {
  slug: string;
  title: string;
  summary: string;
  translations?: CampaignTranslations | null;
  appeal: Appeal;
  delivery: DeliveryPolicy;
  signatureGoal: number | null;
  status: CampaignStatus;
  endsAt: Date | null;
  requireConfirmation: boolean;
  optIn?: OptInPolicy | null;
  /** absent: "comment" */
  letterEditing?: LetterEditing;
}

/** A campaign as anyone may see it, in `locale` (its translation, else the default text). */
export function publicCampaign(
  c: CampaignForPublic,
  extra: { targets: PublicCampaign['targets']; targeted: boolean; signatureCount: number; locale?: string | null; responses?: PublicResponse[] },
): PublicCampaign {
  const text = campaignTextFor(c, extra.locale);
  const letter = appealTextFor(c.appeal, extra.locale);
  const letterEditing = c.letterEditing ?? 'comment';
  return {
    slug: c.slug,
    title: text.title,
    summary: text.summary,
    translation: text.translation,
    // a "body" campaign: the text a supporter may rewrite, as the page shows it in its language (src/letters/letter-editing.ts)
    letter: { ...letter, editable: letterEditing === 'body' ? editableText(letter.body, messagesFor(extra.locale), text.title) : null },
    letterEditing,
    targets: extra.targets,
    targeted: extra.targeted,
    signatureCount: extra.signatureCount,
    signatureGoal: c.signatureGoal,
    status: c.status,
    endsAt: c.endsAt,
    deliveryStartAt: c.delivery.startAt ? new Date(c.delivery.startAt) : null,
    responses: extra.responses ?? [],
    requireConfirmation: c.requireConfirmation,
    // the words for the language asked (English when none is: what a signing through the API records)
    optIn: c.optIn?.enabled ? { label: optInLabelFor(c.optIn.label, extra.locale ?? DEFAULT_LOCALE, '').text || null } : null,
  };
}

/** A live campaign as the front page lists it, in the visitor's language. */
export interface ListedCampaign {
  slug: string;
  title: string;
  summary: string;
  signatureCount: number;
  signatureGoal: number | null;
}

const ACROSS_LIVE_CAMPAIGNS = 50;

/** A campaign with its count of confirmed signatures (PublicCampaignService.find). */
interface CampaignPageRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  translations: CampaignTranslations;
  appeal: Appeal;
  delivery: DeliveryPolicy;
  signature_goal: number | null;
  status: CampaignStatus;
  ends_at: Date | null;
  require_confirmation: boolean;
  opt_in: OptInPolicy;
  letter_editing: LetterEditing;
  signature_count: number;
}

/** A live campaign with its rolled-up count of confirmed signatures (PublicCampaignService.live). */
interface LiveCampaignRow {
  slug: string;
  title: string;
  summary: string;
  translations: CampaignTranslations;
  signature_goal: number | null;
  signature_count: number;
}

/**
 * What anyone may see of a campaign: never a target's or a supporter's address. Drafts are 404.
 * The campaign's own words come in the language asked for (its translations and the letter's,
 * picked by src/campaigns/campaign-text.ts), else as written. This is the page's read, not the
 * signing path: signing looks a live campaign up on its own (SigningService, cached a second).
 */
@Injectable()
export class PublicCampaignService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(slug: string, locale?: string | null): Promise<PublicCampaign> {
    const found = await this.find(slug, locale);
    if (!found || found === 'draft') throw new NotFoundException(`No campaign "${slug}"`);
    return found;
  }

  /**
   * For the campaign page: the campaign (in `locale` when it has a translation for it), 'draft'
   * for one not yet published (its page says so and shows none of its content), or null when no
   * campaign has this slug.
   */
  async find(slug: string, locale?: string | null): Promise<PublicCampaign | 'draft' | null> {
    const [c] = await this.db.query<CampaignPageRow[]>(
      `SELECT c.id, c.slug, c.title, c.summary, c.translations, c.appeal, c.delivery, c.signature_goal, c.status, c.ends_at, c.require_confirmation, c.opt_in, c.letter_editing,
              CASE WHEN c.status = 'draft' THEN 0 ELSE
                (SELECT count(*)::int FROM signatures s WHERE s.campaign_id = c.id AND s.status = 'confirmed') END AS signature_count
         FROM campaigns c WHERE c.slug = $1`,
      [slug],
    );
    if (!c) return null;
    if (c.status === 'draft') return 'draft';
    const launched = await this.db.query<(PublicCampaign['targets'][number] & { everyone: boolean })[]>(
      `SELECT t.name, t.title, t.organization, ct.audience->>'mode' = 'everyone' AS everyone FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id
        WHERE ct.campaign_id = $1 AND ct.status = 'launched' AND t.active ORDER BY ct.launched_at, t.name`,
      [c.id],
    );
    return publicCampaign(
      {
        slug: c.slug,
        title: c.title,
        summary: c.summary,
        translations: c.translations,
        appeal: c.appeal,
        delivery: c.delivery,
        signatureGoal: c.signature_goal,
        status: c.status,
        endsAt: c.ends_at,
        requireConfirmation: c.require_confirmation,
        optIn: c.opt_in,
        letterEditing: c.letter_editing,
      },
      {
        targets: launched.map(({ name, title, organization }) => ({ name, title, organization })),
        targeted: launched.some((t) => !t.everyone),
        signatureCount: c.signature_count,
        locale,
        responses: await publishedResponses(this.db, c.id),
      },
    );
  }

  /**
   * The campaigns taking signatures now (live, not past their end), most signed first, in
   * `locale`. Counts come from the admin stats' rolled-up totals (seconds old), not a count of
   * each campaign's signatures: the front page may list many campaigns.
   */
  async live(locale: string): Promise<ListedCampaign[]> {
    const rows = await this.db.query<LiveCampaignRow[]>(
      `SELECT c.slug, c.title, c.summary, c.translations, c.signature_goal,
              COALESCE((SELECT t.n FROM campaign_stat_totals t
                         WHERE t.campaign_id = c.id AND t.kind = 'signatures' AND t.status = 'confirmed'), 0)::int AS signature_count
         FROM campaigns c
        WHERE c.status = 'live' AND (c.ends_at IS NULL OR c.ends_at > now())
        ORDER BY signature_count DESC, c.launched_at DESC, c.id LIMIT $1`,
      [ACROSS_LIVE_CAMPAIGNS],
    );
    return rows.map((r) => {
      const text = campaignTextFor(r, locale);
      return { slug: r.slug, title: text.title, summary: text.summary, signatureCount: r.signature_count, signatureGoal: r.signature_goal };
    });
  }
}

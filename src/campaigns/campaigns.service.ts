import { InjectQueue } from '@nestjs/bullmq';
import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { decodeTimeIdCursor, encodeCursor } from '../common/cursor.js';
import type { Page, PageQuery } from '../common/pagination.dto.js';
import { campaignStatCountParts } from '../deliveries/campaign-stat-counts.sql.js';
import { DeliveryLedger } from '../deliveries/delivery-ledger.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import type { LetterTarget } from '../letters/letter-composition.js';
import type { Appeal } from '../letters/letter-template.js';
import type { Audience } from './audience.js';
import type { OnReplyRule } from './campaign-target.entity.js';
import { appealProblems } from '../letters/placeholders.js';
import { QUEUES } from '../queue/queues.js';
import { nextStatus, type CampaignAction } from './campaign-status.js';
import { Campaign, type CampaignTranslations, type DeliveryMode, type DeliveryPolicy, type ModerationPolicy, type OptInPolicy } from './campaign.entity.js';
import { campaignSendsSql, normaliseStartAt, startAtJobId } from './delivery-start.js';
import type { CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto.js';
import { validateCampaignTranslations, validateLetterShape } from './letter-shape.js';
import { renderSampleLetter, SAMPLE_TARGET } from './sample-letter.js';
import { addJob } from '../queue/jobs.js';

export interface CampaignTargetView {
  id: string;
  name: string;
  title: string;
  organization: string;
  country: string | null;
  email: string;
  locale: string;
  active: boolean;
  tags: string[];
  status: 'pending' | 'launched' | 'withdrawn';
  attachedAt: Date;
  launchedAt: Date | null;
  backfilledAt: Date | null;
  withdrawnAt: Date | null;
  /** the target's address is failing (hard bounces): its letters are held */
  failingSince: Date | null;
  /** the target gets digest letters since then (DIGEST_FALLBACK_BACKLOG) */
  digestSince: Date | null;
  /** whose letters it receives (audience.ts) */
  audience: Audience;
  /** what a substantive reply from the official does: continue, hold, digest (reply-rules.ts) */
  onReply: OnReplyRule;
  /** a substantive reply held the rest of its letters (onReply "hold") since then, until released */
  replyHeldSince: Date | null;
  /** the reply that held them */
  replyHeldBy: string | null;
}

export interface LetterPreview {
  target: { id: string; name: string; locale: string } | null;
  /** the version used (the name of one of appeal.versions), or null for the default letter */
  version: string | null;
  /** the translation used (a locale of the chosen letter's translations), or null for its untranslated text */
  translation: string | null;
  subject: string;
  text: string;
  html: string;
}

export interface CampaignView extends Campaign {
  counts: { pending: number; confirmed: number; withdrawn: number };
  /** confirmed signatures with the supporter's own words (a comment, or a body of their own), of all confirmed */
  personalisation: { personal: number; total: number };
  /** confirmed signatures whose own words wait for review (moderation: src/moderation), their letters owed and not sent */
  awaitingReview: number;
  targets: CampaignTargetView[];
}

const UNIQUE_VIOLATION = '23505';
/** a timestamptz as PostgreSQL prints it (list cursors carry it, microseconds and all) */
const REDISPATCH_BATCH = 5000;

/** Signatures by campaign and status (CampaignsService.views). */
interface SignatureCountRow {
  campaign_id: string;
  /** a signature status ('pending', 'confirmed', 'withdrawn'), or 'personal' / 'awaiting_review' (confirmed ones) */
  status: string;
  n: number;
}

/** A target of a campaign, with where the campaign stands with it (CampaignsService.views): the view, and whose it is. */
type CampaignTargetRow = CampaignTargetView & { campaign_id: string };

/**
 * Hands a campaign's held letters to the letters queue again (run by a worker after a launch or
 * resume, and at delivery.startAt).
 */

@Injectable()
export class CampaignsService {
  private readonly log = new Logger(CampaignsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly deliveries: DeliveryLedger,
    private readonly dispatcher: DeliveryDispatcher,
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
  ) {}

  async create(dto: CreateCampaignDto, actor: StaffPrincipal | null): Promise<CampaignView> {
    const mode = dto.delivery?.mode ?? 'individual';
    this.assertValidAppeal(dto.appeal, mode);
    this.assertValidTranslations(dto.translations);
    const repo = this.db.getRepository(Campaign);
    let saved: Campaign;
    try {
      saved = await repo.save(
        repo.create({
          slug: dto.slug,
          title: dto.title,
          summary: dto.summary ?? '',
          translations: cleanTranslations(dto.translations ?? {}),
          appeal: dto.appeal,
          signatureGoal: dto.signatureGoal ?? null,
          endsAt: dto.endsAt ? new Date(dto.endsAt) : null,
          requireConfirmation: dto.requireConfirmation ?? true,
          delivery: withStartAt({ mode, ...dto.delivery }),
          optIn: optInOf(dto.optIn),
          letterEditing: dto.letterEditing ?? 'comment',
          moderation: moderationOf(dto.moderation),
        }),
      );
    } catch (e) {
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw new ConflictException(`The slug "${dto.slug}" is taken`);
      throw e;
    }
    await this.audit.record(actor, 'campaign.create', { type: 'campaign', id: saved.id }, { slug: saved.slug });
    return this.get(saved.id);
  }

  async list(query: PageQuery): Promise<Page<CampaignView>> {
    const limit = query.limit ?? 50;
    const after = decodeTimeIdCursor(query.cursor);
    const rows: { id: string; cursor_at: string }[] = await this.db.query(
      `SELECT id, created_at::text AS cursor_at FROM campaigns
        ${after ? 'WHERE (created_at, id) < ($2::timestamptz, $3::uuid)' : ''}
        ORDER BY created_at DESC, id DESC LIMIT $1`,
      after ? [limit + 1, after[0], after[1]] : [limit + 1],
    );
    const page = rows.slice(0, limit);
    const items = await this.views(page.map((r) => r.id));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor([last.cursor_at, last.id]) : null };
  }

  async get(id: string): Promise<CampaignView> {
    const [view] = await this.views([id]);
    if (!view) throw new NotFoundException(`No campaign ${id}`);
    return view;
  }

  async update(id: string, dto: UpdateCampaignDto, actor: StaffPrincipal | null): Promise<CampaignView> {
    // optional fields may be left out, but only these may be set to null
    const nulls = Object.entries(dto).filter(([k, v]) => v === null && k !== 'signatureGoal' && k !== 'endsAt');
    if (nulls.length) throw new BadRequestException(nulls.map(([k]) => `${k} cannot be null`));
    if (dto.translations !== undefined) this.assertValidTranslations(dto.translations);
    const start = await this.db.transaction(async (em) => {
      const campaign = await this.lockRow(em, id);
      if (campaign.status === 'closed') throw new ConflictException('A closed campaign cannot be changed');
      if (dto.slug !== undefined && dto.slug !== campaign.slug && campaign.status !== 'draft') {
        throw new ConflictException('The slug can only change while the campaign is a draft (links to it are out)');
      }
      const mode = dto.delivery?.mode ?? campaign.delivery.mode;
      if (dto.appeal || dto.delivery) this.assertValidAppeal(dto.appeal ?? campaign.appeal, mode);
      const changes: Partial<Campaign> = {};
      if (dto.slug !== undefined) changes.slug = dto.slug;
      if (dto.title !== undefined) changes.title = dto.title;
      if (dto.summary !== undefined) changes.summary = dto.summary;
      if (dto.translations !== undefined) changes.translations = cleanTranslations(dto.translations);
      if (dto.appeal !== undefined) changes.appeal = dto.appeal;
      if (dto.signatureGoal !== undefined) changes.signatureGoal = dto.signatureGoal;
      if (dto.endsAt !== undefined) changes.endsAt = dto.endsAt ? new Date(dto.endsAt) : null;
      if (dto.requireConfirmation !== undefined) changes.requireConfirmation = dto.requireConfirmation;
      if (dto.optIn !== undefined) changes.optIn = optInOf(dto.optIn);
      if (dto.letterEditing !== undefined) changes.letterEditing = dto.letterEditing;
      if (dto.moderation !== undefined) changes.moderation = moderationOf(dto.moderation);
      // a field left out keeps its value (a DTO instance carries every field, undefined when not sent)
      if (dto.delivery !== undefined) changes.delivery = withStartAt({ ...campaign.delivery, ...definedOnly(dto.delivery) });
      try {
        await em.getRepository(Campaign).update({ id }, changes);
      } catch (e) {
        if ((e as { code?: string }).code === UNIQUE_VIOLATION) throw new ConflictException(`The slug "${dto.slug}" is taken`);
        throw e;
      }
      await this.audit.record(actor, 'campaign.update', { type: 'campaign', id }, { fields: Object.keys(changes) }, em);
      return { before: campaign.delivery.startAt ?? null, after: (changes.delivery ?? campaign.delivery).startAt ?? null, status: campaign.status };
    });
    if (start.before !== start.after) await this.rescheduleStart(id, start);
    return this.get(id);
  }

  /** launch (draft → live, or resume paused → live), resume (paused → live), pause, close; 409 when illegal. */
  async transition(id: string, action: CampaignAction, actor: StaffPrincipal | null, details: Record<string, unknown> = {}): Promise<CampaignView> {
    const resumed = await this.db.transaction(async (em) => {
      const campaign = await this.lockRow(em, id);
      const to = nextStatus(campaign.status, action);
      if (!to && action === 'resume' && campaign.status === 'draft') throw new ConflictException('A draft campaign is launched, not resumed (POST …/launch)');
      if (!to) throw new ConflictException(`A ${campaign.status} campaign cannot ${action}`);
      if (action === 'launch') {
        const problems = appealProblems(campaign.appeal, campaign.delivery.mode);
        if (problems.length) throw new ConflictException(`The letter is not valid: ${problems.join('; ')}`);
        const [{ n }]: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM campaign_targets WHERE campaign_id = $1 AND status = 'launched'`, [id]);
        if (n === 0) throw new ConflictException('Launch at least one target of the campaign first');
      }
      await em.query(
        `UPDATE campaigns SET status = $2, updated_at = now(),
                launched_at = CASE WHEN $2 = 'live' THEN COALESCE(launched_at, now()) ELSE launched_at END,
                closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE closed_at END
          WHERE id = $1`,
        [id, to],
      );
      const auditAction = action === 'launch' && campaign.status === 'paused' ? 'resume' : action;
      await this.audit.record(actor, `campaign.${auditAction}`, { type: 'campaign', id }, { from: campaign.status, to, ...details }, em);
      return to === 'live' ? { startAt: campaign.delivery.startAt ?? null } : null;
    });
    // letters held while the campaign was paused (or a draft) stayed queued in PostgreSQL: a
    // worker hands them to the queue again (a campaign may hold hundreds of thousands: not in
    // this request), now or, when they are held until delivery.startAt, then
    if (resumed) await this.scheduleRedispatch(id, resumed.startAt);
    return this.get(id);
  }

  /** Campaigns whose endsAt has passed are closed by the system (audited with no actor). */
  async closeEnded(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM campaigns WHERE status IN ('live', 'paused') AND ends_at IS NOT NULL AND ends_at <= now()`,
    );
    const closed: string[] = [];
    for (const { id } of rows) {
      try {
        await this.transition(id, 'close', null, { reason: 'endsAt passed' });
        closed.push(id);
      } catch (e) {
        if (!(e instanceof ConflictException)) throw e;
      }
    }
    return closed;
  }

  /**
   * The letter as a target would read it from a sample supporter (or, in digest mode, a sample
   * list of signatories): for `targetId` (404 unless attached), else the first attached target,
   * else a sample official. `version` names the version chosen by the target's country,
   * organization and tags, `translation` the translation chosen by its locale.
   */
  async preview(id: string, targetId?: string, draft?: Appeal): Promise<LetterPreview> {
    const campaign = await this.get(id);
    const target = this.letterTarget(campaign, targetId);
    // an unsaved letter (the console's editor) is checked as saving it would be
    if (draft) this.assertValidAppeal(draft, campaign.delivery.mode);
    const letter = renderSampleLetter({ campaign: draft ? { ...campaign, appeal: draft } : campaign, target: this.letterRecipient(target) });
    return { target: target ? { id: target.id, name: target.name, locale: target.locale } : null, ...letter };
  }

  /** The official a sample letter is written to: the attached target (its country, organization and tags choose a version), or the sample official. */
  letterRecipient(target: CampaignTargetView | null): LetterTarget {
    if (!target) return SAMPLE_TARGET;
    const { name, title, organization, email, locale, country, tags } = target;
    return { name, title, organization, email, locale, country, tags };
  }

  /** The attached target a letter is rendered for: `targetId` (404 unless attached) or the first one. */
  letterTarget(campaign: CampaignView, targetId?: string): CampaignTargetView | null {
    if (!targetId) return campaign.targets.find((t) => t.status === 'launched') ?? campaign.targets[0] ?? null;
    const target = campaign.targets.find((t) => t.id === targetId);
    if (!target) throw new NotFoundException(`Target ${targetId} is not attached to campaign ${campaign.id}`);
    return target;
  }

  /**
   * Hands the campaign's held letters to the queue now, or at `startAt` when that is to come: a
   * delayed job (one per campaign and time, so scheduling twice is harmless). Letters confirmed
   * before then are held by the worker's claim and wait in PostgreSQL, and the reconciler leaves
   * them alone: nothing churns until startAt.
   */
  private async scheduleRedispatch(campaignId: string, startAt: string | null): Promise<void> {
    const delay = startAt ? Math.max(0, Date.parse(startAt) - Date.now()) : 0;
    try {
      await addJob(
        this.maintenance,
        'redispatch-campaign',
        { campaignId },
        {
          attempts: 10,
          backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
          ...(delay > 0 ? { delay, jobId: startAtJobId(campaignId, startAt!) } : {}),
        },
      );
    } catch (e) {
      // the letters stay queued in PostgreSQL: the reconciler hands them over on its next pass
      // (once startAt has come)
      this.log.warn(`letters of campaign ${campaignId} not handed to the queue yet: ${(e as Error).message}`);
    }
  }

  /**
   * delivery.startAt changed: the hand-over planned for the old time is dropped, and a live
   * campaign gets one at the new time (or now, when the new time has passed or is gone). A paused
   * or draft campaign gets it when it goes live.
   */
  private async rescheduleStart(campaignId: string, start: { before: string | null; after: string | null; status: string }) {
    if (start.before) await this.maintenance.remove(startAtJobId(campaignId, start.before)).catch(() => 0);
    if (start.status === 'live') await this.scheduleRedispatch(campaignId, start.after);
  }

  /**
   * When a hand-over must wait: the campaign's startAt is still to come (by the database's clock,
   * the one the claim uses). Null when its letters may go now.
   */
  async lettersHeldUntil(campaignId: string): Promise<Date | null> {
    const [row]: { start_at: Date | null }[] = await this.db.query(
      `SELECT (delivery->>'startAt')::timestamptz AS start_at FROM campaigns
        WHERE id = $1 AND (delivery->>'startAt')::timestamptz > now()`,
      [campaignId],
    );
    return row?.start_at ?? null;
  }

  /**
   * Whether the campaign's letters may leave now (the worker's claim asks the same). While they
   * may not (paused, a draft, before delivery.startAt), newly owed letters stay in PostgreSQL
   * only: the resume, or startAt, hands them all to the queue (redispatchOwed).
   */
  async sendsNow(campaignId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM campaigns c WHERE c.id = $1 AND ${campaignSendsSql('c')}`, [campaignId]);
    return rows.length > 0;
  }

  async redispatchOwed(campaignId: string): Promise<number> {
    let total = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await this.deliveries.owedIds(campaignId, after, REDISPATCH_BATCH);
      if (!ids.length) return total;
      total += await this.dispatcher.requeue(ids);
      after = ids[ids.length - 1];
    }
  }

  private assertValidTranslations(translations: unknown): void {
    const problems = validateCampaignTranslations(translations);
    if (problems.length) throw new BadRequestException(problems);
  }

  assertValidAppeal(appeal: Appeal, mode: DeliveryMode): void {
    const problems = [...validateLetterShape(appeal), ...appealProblems(appeal, mode)];
    if (problems.length) throw new BadRequestException(problems);
  }

  private async lockRow(em: EntityManager, id: string): Promise<Campaign> {
    const campaign = await em.getRepository(Campaign).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!campaign) throw new NotFoundException(`No campaign ${id}`);
    return campaign;
  }

  /** Campaigns with their signature counts and targets, in the order of `ids`. */
  private async views(ids: string[]): Promise<CampaignView[]> {
    if (!ids.length) return [];
    const [campaigns, counts, targets] = await Promise.all([
      this.db.getRepository(Campaign).createQueryBuilder('c').where('c.id = ANY(:ids)', { ids }).getMany(),
      // counts by status from the stats summary (src/deliveries/stats-rollup.ts: the totals plus the
      // deltas not folded yet), never by counting a campaign's signatures: a campaign with a million
      // of them answers as fast as one with ten. Personal letters and those awaiting review come from
      // partial indexes (ix_signatures_personal, ix_signatures_review).
      this.db.query<SignatureCountRow[]>(
        `SELECT campaign_id, status, sum(n)::int AS n
           FROM (${campaignStatCountParts(`kind = 'signatures' AND campaign_id = ANY($1)`)}) AS x
          GROUP BY 1, 2
         UNION ALL
         SELECT campaign_id, 'personal', count(*)::int FROM signatures
          WHERE campaign_id = ANY($1) AND status = 'confirmed' AND (btrim(comment) <> '' OR letter_body IS NOT NULL)
          GROUP BY 1
         UNION ALL
         SELECT campaign_id, 'awaiting_review', count(*)::int FROM signatures
          WHERE campaign_id = ANY($1) AND review_status = 'pending' AND status = 'confirmed' AND erased_at IS NULL
          GROUP BY 1`,
        [ids],
      ),
      this.db.query<CampaignTargetRow[]>(
        `SELECT ct.campaign_id, t.id, t.name, t.title, t.organization, t.country, t.email, t.locale, t.active, t.tags, ct.status,
                ct.attached_at AS "attachedAt", ct.launched_at AS "launchedAt", ct.backfilled_at AS "backfilledAt",
                ct.withdrawn_at AS "withdrawnAt", t.failing_since AS "failingSince", ct.digest_since AS "digestSince", ct.audience,
                ct.on_reply AS "onReply", ct.reply_held_since AS "replyHeldSince", ct.reply_held_by AS "replyHeldBy"
           FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id
          WHERE ct.campaign_id = ANY($1) ORDER BY ct.attached_at, t.name`,
        [ids],
      ),
    ]);
    const byId = new Map(campaigns.map((c) => [c.id, c]));
    return ids
      .filter((id) => byId.has(id))
      .map((id) => {
        const c = byId.get(id)!;
        const mine = counts.filter((r) => r.campaign_id === id);
        const count = (status: string) => mine.find((r) => r.status === status)?.n ?? 0;
        return {
          ...c,
          counts: { pending: count('pending'), confirmed: count('confirmed'), withdrawn: count('withdrawn') },
          personalisation: { personal: count('personal'), total: count('confirmed') },
          awaitingReview: count('awaiting_review'),
          targets: targets.filter((t) => t.campaign_id === id).map(({ campaign_id: _campaign, ...view }) => view),
        };
      });
  }
}

/** Titles trimmed (like the default title); summaries as written. */
function cleanTranslations(translations: CampaignTranslations): CampaignTranslations {
  return Object.fromEntries(
    Object.entries(translations).map(([locale, t]) => [
      locale,
      t.summary === undefined ? { title: t.title.trim() } : { title: t.title.trim(), summary: t.summary },
    ]),
  );
}

/** The policy with startAt stored as UTC ISO 8601 (what SQL casts and job ids read). */
function withStartAt<T extends DeliveryPolicy>(policy: T): T {
  return policy.startAt === undefined ? policy : { ...policy, startAt: normaliseStartAt(policy.startAt) };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A moderation policy as stored: the mode, and the rules' settings given (blocked words trimmed,
 * each once); a policy given replaces the one before (a rule left out is back to its default).
 */
function moderationOf(dto: ModerationPolicy | undefined): ModerationPolicy {
  if (!dto) return { mode: 'off' };
  const words = [...new Set((dto.blockedWords ?? []).map((w) => w.trim()).filter(Boolean))];
  return {
    mode: dto.mode,
    ...(words.length ? { blockedWords: words } : {}),
    ...(dto.maxLinks !== undefined ? { maxLinks: dto.maxLinks } : {}),
    ...(dto.duplicates ? { duplicates: dto.duplicates } : {}),
  };
}

/** An optIn as stored: enabled, and the labels given (trimmed), none when there are none. */
function optInOf(dto: { enabled: boolean; label?: Record<string, string> } | undefined): OptInPolicy {
  if (!dto) return { enabled: false };
  const label = Object.fromEntries(Object.entries(dto.label ?? {}).map(([k, v]) => [k, v.trim()]));
  return Object.keys(label).length ? { enabled: dto.enabled, label } : { enabled: dto.enabled };
}

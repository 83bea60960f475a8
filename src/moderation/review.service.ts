import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { decodeTimeIdCursor, encodeCursor } from '../common/cursor.js';
import { lockCampaign } from '../database/campaign-lock.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import { DeliveryLedger } from '../deliveries/delivery-ledger.js';
import { SignatureLedger } from '../signatures/signature-ledger.js';
import type { ReviewStatus } from '../signatures/signature.entity.js';
import type { ReviewDecision, ReviewDecisionDto, ReviewList, ReviewQuery } from './dto/review.dto.js';
import type { ReviewDecisionView, ReviewItemView, ReviewPage } from './dto/review.view.js';

const DECIDED: Record<ReviewDecision, Exclude<ReviewStatus, 'pending'>> = {
  approve: 'approved',
  'approve-without-text': 'approved-without-text',
  reject: 'rejected',
};

/** Which signatures each list holds (`s`: signatures). */
const LIST_WHERE: Record<ReviewList, string> = {
  pending: `s.review_status = 'pending' AND s.status = 'confirmed' AND s.erased_at IS NULL`,
  approved: `s.review_status = 'approved'`,
  'approved-without-text': `s.review_status = 'approved-without-text'`,
  rejected: `s.review_status = 'rejected'`,
  flagged: `s.review_flags <> '{}'`,
};

/**
 * The review queue of a campaign's moderation (docs/moderation.md): the signatures whose own words
 * wait for a campaigner (their letters owed, not sent), and the decisions, each taken once and
 * audited (`signature.review`): approve sends the letters as written, approve-without-text sends
 * the campaign's letter without the supporter's words, reject cancels them.
 */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly signatures: SignatureLedger,
    private readonly deliveries: DeliveryLedger,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly audit: AuditService,
  ) {}

  /** A page of one list, oldest confirmation first (the queue's order), with every list's count. */
  async list(campaignId: string, query: ReviewQuery): Promise<ReviewPage> {
    await this.assertCampaign(campaignId);
    const status = query.status ?? 'pending';
    const limit = query.limit ?? 50;
    const after = decodeTimeIdCursor(query.cursor);
    const params: unknown[] = [campaignId, limit + 1];
    const where = ['s.campaign_id = $1', LIST_WHERE[status]];
    if (after) where.push(`(s.confirmed_at, s.id) > ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`);
    const rows: (ReviewItemView & { cursor_at: string })[] = await this.db.query(
      `SELECT s.id AS "signatureId", s.confirmed_at AS "confirmedAt",
              json_build_object('firstName', p.first_name, 'lastName', p.last_name, 'country', p.country, 'email', p.email) AS supporter,
              s.comment, s.letter_body AS "letterBody", s.review_flags AS flags, COALESCE(s.review_details, '{}') AS details,
              s.review_status AS status, s.reviewed_at AS "reviewedAt", s.reviewed_by AS "reviewedBy", s.review_reason AS reason,
              (SELECT json_build_object(
                        'owed', count(*) FILTER (WHERE d.status IN ('queued', 'retrying', 'sending')),
                        'sent', count(*) FILTER (WHERE d.status = 'sent'),
                        'failed', count(*) FILTER (WHERE d.status IN ('failed', 'bounced')),
                        'cancelled', count(*) FILTER (WHERE d.status = 'cancelled'))
                 FROM deliveries d WHERE d.signature_id = s.id) AS letters,
              s.confirmed_at::text AS cursor_at
         FROM signatures s JOIN supporters p ON p.id = s.supporter_id
        WHERE ${where.join(' AND ')}
        ORDER BY s.confirmed_at, s.id LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ cursor_at: _at, ...item }) => item),
      nextCursor: rows.length > limit ? encodeCursor([last.cursor_at, last.signatureId]) : null,
      counts: await this.counts(campaignId),
    };
  }

  /** How many signatures each list holds (the partial index ix_signatures_review has them all). */
  async counts(campaignId: string): Promise<ReviewPage['counts']> {
    const [row]: ReviewPage['counts'][] = await this.db.query(
      `SELECT count(*) FILTER (WHERE ${LIST_WHERE.pending})::int AS pending,
              count(*) FILTER (WHERE ${LIST_WHERE.approved})::int AS approved,
              count(*) FILTER (WHERE ${LIST_WHERE['approved-without-text']})::int AS "approved-without-text",
              count(*) FILTER (WHERE ${LIST_WHERE.rejected})::int AS rejected,
              count(*) FILTER (WHERE ${LIST_WHERE.flagged})::int AS flagged
         FROM signatures s WHERE s.campaign_id = $1 AND (s.review_status IS NOT NULL OR s.review_flags <> '{}')`,
      [campaignId],
    );
    return row;
  }

  /**
   * Decides once: a signature not waiting for review is a 409 that names why, and changes
   * nothing. Rejecting cancels the letters still owed, in the same transaction; approving lets
   * them go (they are handed to the queue once the decision is committed; the reconciler would
   * otherwise).
   */
  async decide(campaignId: string, signatureId: string, dto: ReviewDecisionDto, actor: StaffPrincipal | null): Promise<ReviewDecisionView> {
    const status = DECIDED[dto.decision];
    const reason = dto.reason?.trim() || null;
    const outcome = await this.db.transaction(async (em) => {
      await lockCampaign(em, campaignId, 'shared');
      const decided = await this.signatures.decideReview(em, campaignId, signatureId, { status, by: actor?.email ?? 'system', reason });
      if (!decided) return null;
      const cancelled = status === 'rejected' ? await this.deliveries.cancelUnsentForSignature(em, signatureId, 'rejected in review') : 0;
      const owed = status === 'rejected' ? [] : await this.deliveries.owedIdsForSignature(em, signatureId);
      await this.audit.record(actor, 'signature.review', { type: 'signature', id: signatureId }, { campaignId, decision: dto.decision, reason }, em);
      return { owed, cancelled };
    });
    if (!outcome) return this.refuse(campaignId, signatureId);
    if (outcome.owed.length) await this.dispatcher.requeue(outcome.owed);
    return { signatureId, status, released: outcome.owed.length, cancelled: outcome.cancelled };
  }

  /** Why a decision was refused: 404 (no such campaign, or signature in it), else 409 naming its state. */
  private async refuse(campaignId: string, signatureId: string): Promise<never> {
    await this.assertCampaign(campaignId);
    const [s]: { review_status: ReviewStatus | null; status: string; erased: boolean; reviewed_by: string | null; reviewed_at: Date | null }[] =
      await this.db.query(
        `SELECT review_status, status, erased_at IS NOT NULL AS erased, reviewed_by, reviewed_at FROM signatures WHERE id = $1 AND campaign_id = $2`,
        [signatureId, campaignId],
      );
    if (!s) throw new NotFoundException(`No signature ${signatureId} in this campaign`);
    if (s.erased) throw new ConflictException('This supporter was erased: their letters were cancelled');
    if (s.status !== 'confirmed') throw new ConflictException(`This signature is ${s.status}: nothing waits for review`);
    if (s.review_status && s.review_status !== 'pending') {
      throw new ConflictException(`This signature was decided already: ${s.review_status} by ${s.reviewed_by} at ${new Date(s.reviewed_at!).toISOString()}`);
    }
    throw new ConflictException('This signature is not waiting for review (its words were never held)');
  }

  private async assertCampaign(campaignId: string): Promise<void> {
    const [c] = await this.db.query(`SELECT 1 FROM campaigns WHERE id = $1`, [campaignId]);
    if (!c) throw new NotFoundException(`No campaign ${campaignId}`);
  }
}

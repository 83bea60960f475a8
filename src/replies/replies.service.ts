import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { ReplyRules } from '../campaigns/reply-rules.js';
import { decodeTimeIdCursor, encodeCursor } from '../common/cursor.js';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.js';
import { NotificationOutbox } from '../notifications/notification-outbox.js';
import type { MarkReplyDto } from './dto/mark-reply.dto.js';
import type { ListRepliesQuery, ReplySummaryQuery } from './dto/reply-query.dto.js';
import type { ReplySummary, TargetReplySummary } from './dto/reply-summary.view.js';
import type { ReplyPage, ReplyView } from './dto/reply.view.js';
import { PUBLISHABLE_KINDS, type ReplyKind, type Stance } from './reply.entity.js';
import { ReplyLedger } from './reply-ledger.js';

/** a timestamptz as PostgreSQL prints it (list cursors carry it, microseconds and all) */

const VIEW_COLUMNS = `
  r.id, r.campaign_id AS "campaignId",
  json_build_object('id', t.id, 'name', t.name, 'title', t.title, 'organization', t.organization) AS target,
  r.delivery_id AS "deliveryId", r.signature_id AS "signatureId",
  json_build_object('address', r.from_address, 'name', r.from_name) AS "from",
  r.subject, r.sent_at AS "sentAt", r.received_at AS "receivedAt", r.text, r.attachments, r.message_id AS "messageId", r.headers,
  r.kind, r.auto_reason AS "autoReason", r.stance, r.published, r.marked_at AS "markedAt",
  (SELECT json_build_object('id', n.id, 'status', n.status, 'sentAt', n.sent_at)
     FROM notifications n WHERE n.reply_id = r.id AND n.kind = 'reply_forward') AS forward,
  r.redacted_at AS "redactedAt"`;

/**
 * Officials' replies for campaigners: a campaign's inbox (keyset pages, by target and kind), one
 * reply, a campaigner's marks (kind, stance, published: audited as reply.mark), and where the
 * campaign stands with each official it wrote to (letters sent, replies, the last, the stance).
 * Writes go through ReplyLedger.
 */
@Injectable()
export class RepliesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: ReplyLedger,
    private readonly audit: AuditService,
    private readonly rules: ReplyRules,
    private readonly outbox: NotificationOutbox,
    private readonly notifications: NotificationDispatcher,
  ) {}

  /** Newest first, by (received_at, id). 404 when there is no such campaign. */
  async list(campaignId: string, query: ListRepliesQuery): Promise<ReplyPage> {
    await this.assertCampaign(campaignId);
    const limit = query.limit ?? 50;
    const after = decodeTimeIdCursor(query.cursor);
    const params: unknown[] = [campaignId, limit + 1];
    const where = ['r.campaign_id = $1'];
    if (query.targetId) where.push(`r.target_id = $${params.push(query.targetId)}`);
    if (query.kind) where.push(`r.kind = $${params.push(query.kind)}`);
    if (after) where.push(`(r.received_at, r.id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`);
    const rows: (ReplyView & { cursor_at: string })[] = await this.db.query(
      `SELECT ${VIEW_COLUMNS}, r.received_at::text AS cursor_at
         FROM replies r JOIN targets t ON t.id = r.target_id
        WHERE ${where.join(' AND ')}
        ORDER BY r.received_at DESC, r.id DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(({ cursor_at: _at, ...view }) => view), nextCursor: rows.length > limit ? encodeCursor([last.cursor_at, last.id]) : null };
  }

  async get(id: string): Promise<ReplyView> {
    const [row]: ReplyView[] = await this.db.query(`SELECT ${VIEW_COLUMNS} FROM replies r JOIN targets t ON t.id = r.target_id WHERE r.id = $1`, [id]);
    if (!row) throw new NotFoundException(`No reply ${id}`);
    return row;
  }

  /**
   * A campaigner's marks. Bad input changes nothing: a stance on a reply that is not (or would
   * not be) substantive is a 400; publishing one that is not an acknowledgement or substantive, or
   * making a published reply anything else, a 409. Changing the kind from substantive clears the
   * stance. Audited (reply.mark) with what changed. Marking a reply substantive applies its
   * target's onReply rule (hold, digest: src/campaigns/reply-rules.ts) in the same transaction; an
   * automatic one marked a person's is forwarded to its supporter, when the campaign forwards
   * replies and it never was.
   */
  async mark(id: string, dto: MarkReplyDto, actor: StaffPrincipal | null): Promise<ReplyView> {
    if (dto.kind === undefined && dto.stance === undefined && dto.published === undefined) {
      throw new BadRequestException('give at least one of kind, stance, published');
    }
    const forwards = await this.db.transaction(async (em) => {
      const now = await this.ledger.lockMarks(em, id);
      if (!now) throw new NotFoundException(`No reply ${id}`);
      const kind: ReplyKind = dto.kind ?? now.kind;
      if (dto.stance !== undefined && dto.stance !== null && kind !== 'substantive') {
        throw new BadRequestException(
          `stance applies only to a substantive reply; this one ${dto.kind ? 'would be' : 'is'} ${kind} (send kind: "substantive" with it)`,
        );
      }
      const stance: Stance | null = kind !== 'substantive' ? null : dto.stance !== undefined ? dto.stance : now.stance;
      const published = dto.published ?? now.published;
      if (published && !PUBLISHABLE_KINDS.includes(kind)) {
        throw new ConflictException(
          dto.published
            ? `only an acknowledgement or a substantive reply can be published; this one ${dto.kind ? 'would be' : 'is'} ${kind}`
            : `this reply is published: it stays an acknowledgement or substantive (send published: false with kind: "${kind}" to unpublish it)`,
        );
      }
      const to = { kind, stance, published };
      const from = { kind: now.kind, stance: now.stance, published: now.published };
      if (from.kind === to.kind && from.stance === to.stance && from.published === to.published) return [];
      await this.ledger.writeMarks(em, id, to);
      await this.audit.record(actor, 'reply.mark', { type: 'reply', id }, { campaignId: now.campaign_id, from, to }, em);
      // newly substantive: the target's onReply rule (continue, hold, digest), audited as target.on-reply
      if (to.kind === 'substantive' && from.kind !== 'substantive') {
        await this.rules.afterSubstantive(em, { replyId: id, campaignId: now.campaign_id, targetId: now.target_id }, actor);
      }
      // the classifier took a person's answer for an automatic one: it is forwarded now, as it would have been (once, ever)
      return from.kind === 'auto' && to.kind !== 'auto' ? this.outbox.oweReplyForward(em, id) : [];
    });
    await this.notifications.enqueue(forwards);
    return this.get(id);
  }

  /**
   * A campaigner forwards one reply to the supporter whose letter it answers (the campaign need not
   * forward replies): a person's reply to an individual letter of a confirmed, not erased
   * signature, once ever. 409 naming why when it cannot be; audited (reply.forward).
   */
  async forward(id: string, actor: StaffPrincipal | null): Promise<ReplyView> {
    const before = await this.get(id);
    if (before.forward) throw new ConflictException(`This reply was forwarded already (${before.forward.status})`);
    if (before.kind === 'auto') throw new ConflictException('An automatic reply (out of office) is not forwarded: mark it a person’s answer first');
    if (!before.signatureId) throw new ConflictException('This reply answers a digest letter: it has no one supporter to forward it to');
    const owed = await this.db.transaction(async (em) => {
      const ids = await this.outbox.oweReplyForward(em, id, true);
      if (!ids.length) throw new ConflictException('The supporter who wrote this letter withdrew or was erased: nothing is forwarded');
      await this.audit.record(actor, 'reply.forward', { type: 'reply', id }, { campaignId: before.campaignId }, em);
      return ids;
    });
    await this.notifications.enqueue(owed);
    return this.get(id);
  }

  /**
   * Each target the campaign launched (now or before): its letters sent, its replies (a person's;
   * the automatic ones apart), the last reply, the stance of its latest judged reply.
   * `responded: false` keeps the officials who have not answered; true, those who have.
   */
  async summary(campaignId: string, query: ReplySummaryQuery): Promise<ReplySummary> {
    await this.assertCampaign(campaignId);
    const rows: TargetReplySummary[] = await this.db.query(
      `SELECT t.id, t.name, t.title, t.organization, ct.status,
              (SELECT count(*) FROM deliveries d
                WHERE d.campaign_id = ct.campaign_id AND d.target_id = ct.target_id AND d.status = 'sent')::int AS "lettersSent",
              r.replies, r.auto_replies AS "autoReplies", r.last_reply_at AS "lastReplyAt",
              (SELECT x.stance FROM replies x
                WHERE x.campaign_id = ct.campaign_id AND x.target_id = ct.target_id AND x.stance IS NOT NULL
                ORDER BY x.received_at DESC, x.id DESC LIMIT 1) AS stance,
              r.replies > 0 AS responded
         FROM campaign_targets ct
         JOIN targets t ON t.id = ct.target_id
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE kind <> 'auto')::int AS replies, count(*) FILTER (WHERE kind = 'auto')::int AS auto_replies,
                  max(received_at) FILTER (WHERE kind <> 'auto') AS last_reply_at
             FROM replies WHERE campaign_id = ct.campaign_id AND target_id = ct.target_id
         ) r
        WHERE ct.campaign_id = $1 AND ct.launched_at IS NOT NULL
          AND ($2::boolean IS NULL OR (r.replies > 0) = $2::boolean)
        ORDER BY ct.attached_at, t.name`,
      [campaignId, query.responded ?? null],
    );
    return { targets: rows };
  }

  private async assertCampaign(id: string) {
    const [row] = await this.db.query(`SELECT 1 FROM campaigns WHERE id = $1`, [id]);
    if (!row) throw new NotFoundException(`No campaign ${id}`);
  }
}

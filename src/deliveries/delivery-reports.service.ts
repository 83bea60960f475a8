import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { HistoryOutcome } from './delivery-attempt.entity.js';
import type { DeliveryDetail, DeliveryItem, DeliveryPage } from './dto/delivery-item.response.js';
import type { CampaignLetters } from './dto/campaign-letters.response.js';
import type { FailuresResponse } from './dto/failures.response.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from './delivery.entity.js';
import type { ListDeliveriesQuery } from './dto/list-deliveries.query.js';
import { fromStatesSql } from './delivery-transitions.js';

/** An SMTP attempt or a bounce of one letter (DeliveryReportsService.get). */
interface AttemptRow {
  attempt: number;
  started_at: Date;
  finished_at: Date;
  outcome: HistoryOutcome;
  response: string | null;
  duration_ms: number;
}

/** A staff action on one letter (DeliveryReportsService.get). */
interface LetterAuditRow {
  at: Date;
  action: string;
  actor_email: string | null;
}

/** A campaign's letters to one official in one status and (failed or bounced) reason (DeliveryReportsService.perTarget). */
interface TargetLetterRow {
  target_id: string;
  status: DeliveryStatus;
  reason: string;
  n: number;
  last_failed_at: Date | null;
}

/** Failed and bounced letters by campaign and cause (DeliveryReportsService.failures). */
interface CampaignFailureRow {
  id: string;
  slug: string;
  title: string;
  reason: string;
  failed: number;
  bounced: number;
  last_at: Date;
}

/**
 * Letters per (campaign, official, status, reason) as target_letter_totals keeps them (migration
 * TargetLetterCounts, folded by StatsRollup): the rolled-up totals and the deltas not folded yet,
 * several rows per key, to be summed. `where` narrows both tables. Never reads the letters: the
 * cost follows the number of officials and reasons, not of letters.
 */
const TARGET_LETTER_PARTS = (where: string) => `
  SELECT campaign_id, target_id, status, reason, n, last_failed_at FROM target_letter_totals WHERE ${where}
  UNION ALL
  SELECT campaign_id, target_id, status, reason, n, last_failed_at FROM target_letter_deltas WHERE ${where}`;

/** failed and bounced letters: those an admin may retry */
const FAILURE_STATUSES = `status IN ${fromStatesSql('retry')}`;

/** What admins read about letters: each with its state, its attempts, and failures by cause. */
@Injectable()
export class DeliveryReportsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(q: ListDeliveriesQuery): Promise<DeliveryPage> {
    const limit = q.limit ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (v: unknown) => `$${params.push(v)}`;
    if (q.campaignId) where.push(`d.campaign_id = ${bind(q.campaignId)}`);
    if (q.targetId) where.push(`d.target_id = ${bind(q.targetId)}`);
    if (q.status) where.push(`d.status = ${bind(q.status)}`);
    if (q.from) where.push(`d.created_at >= ${bind(q.from)}::timestamptz`);
    if (q.to) where.push(`d.created_at < ${bind(q.to)}::timestamptz`);
    const after = decodeCursor(q.cursor, ['string', 'string']);
    if (after) where.push(`(d.created_at, d.id) < (${bind(after[0])}::timestamptz, ${bind(after[1])}::uuid)`);
    const rows = await this.db.query<DeliveryItemRow[]>(
      `${ITEM_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.created_at DESC, d.id DESC LIMIT ${bind(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map(toItem);
    const last = rows[limit - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor([last.cursor_at, last.id]) : null };
  }

  /** One letter with every SMTP attempt and every staff action on it. */
  async get(id: string): Promise<DeliveryDetail> {
    const [row] = await this.db.query<DeliveryItemRow[]>(`${ITEM_SELECT} WHERE d.id = $1`, [id]);
    if (!row) throw new NotFoundException(`No delivery ${id}`);
    const [history, audit] = await Promise.all([
      this.db.query<AttemptRow[]>(
        `SELECT attempt, started_at, finished_at, outcome, response, duration_ms
           FROM delivery_attempts WHERE delivery_id = $1 ORDER BY started_at, finished_at, attempt`,
        [id],
      ),
      this.db.query<LetterAuditRow[]>(`SELECT at, action, actor_email FROM audit_log WHERE subject_type = 'delivery' AND subject_id = $1 ORDER BY at`, [id]),
    ]);
    return {
      ...toItem(row),
      history: history.map((h) => ({
        attempt: h.attempt,
        startedAt: iso(h.started_at)!,
        finishedAt: iso(h.finished_at)!,
        outcome: h.outcome,
        response: h.response,
        durationMs: h.duration_ms,
      })),
      auditTrail: audit.map((a) => ({ at: iso(a.at)!, action: a.action, actorEmail: a.actor_email })),
    };
  }

  /**
   * A campaign's letters per target: how many in each status, and why the failed and bounced
   * ones failed (grouped like the admins' failures, so a target whose letters all failed does not
   * look like one owed nothing).
   */
  async perTarget(campaignId: string): Promise<CampaignLetters> {
    // (groups emptied by retries left out)
    const rows = await this.db.query<TargetLetterRow[]>(
      `SELECT target_id, status, reason, sum(n)::int AS n, max(last_failed_at) AS last_failed_at
         FROM (${TARGET_LETTER_PARTS('campaign_id = $1')}) AS x
        GROUP BY 1, 2, 3
       HAVING sum(n) > 0`,
      [campaignId],
    );
    const targets = new Map<string, CampaignLetters['targets'][number]>();
    for (const r of rows) {
      let t = targets.get(r.target_id);
      if (!t) {
        t = {
          targetId: r.target_id,
          counts: Object.fromEntries(DELIVERY_STATUSES.map((k) => [k, 0])) as Record<DeliveryStatus, number>,
          owed: 0,
          failures: [],
        };
        targets.set(r.target_id, t);
      }
      t.counts[r.status] += r.n;
      if (r.status !== 'cancelled') t.owed += r.n;
      if (r.reason === '') continue;
      // a reason's failed and bounced letters are one group
      const lastAt = iso(r.last_failed_at)!;
      let group = t.failures.find((f) => f.reason === r.reason);
      if (!group) t.failures.push((group = { reason: r.reason, failed: 0, bounced: 0, lastAt }));
      else if (lastAt > group.lastAt) group.lastAt = lastAt;
      group[r.status === 'bounced' ? 'bounced' : 'failed'] += r.n;
    }
    for (const t of targets.values()) t.failures.sort((a, b) => b.failed + b.bounced - (a.failed + a.bounced) || b.lastAt.localeCompare(a.lastAt));
    return { campaignId, targets: [...targets.values()] };
  }

  /** Failed and bounced letters grouped by campaign and cause, largest groups first. */
  async failures(campaignId: string | null): Promise<FailuresResponse> {
    const rows = await this.db.query<CampaignFailureRow[]>(
      `SELECT c.id, c.slug, c.title, f.reason, f.failed, f.bounced, f.last_at
         FROM (SELECT campaign_id, reason, coalesce(sum(n) FILTER (WHERE status = 'failed'), 0)::int AS failed,
                      coalesce(sum(n) FILTER (WHERE status = 'bounced'), 0)::int AS bounced, max(last_failed_at) AS last_at
                 FROM (${TARGET_LETTER_PARTS(`${FAILURE_STATUSES} AND ($1::uuid IS NULL OR campaign_id = $1::uuid)`)}) AS x
                GROUP BY 1, 2
               HAVING sum(n) > 0) AS f
         JOIN campaigns c ON c.id = f.campaign_id
        ORDER BY f.failed + f.bounced DESC, f.last_at DESC
        LIMIT 100`,
      [campaignId],
    );
    return {
      groups: rows.map((r) => ({
        campaign: { id: r.id, slug: r.slug, title: r.title },
        reason: r.reason,
        failed: r.failed,
        bounced: r.bounced,
        lastAt: iso(r.last_at)!,
      })),
    };
  }
}

const ITEM_SELECT = `
  SELECT d.id, d.status, d.attempts, d.last_error, d.message_id, d.smtp_response,
         d.created_at, d.claimed_at, d.sent_at, d.updated_at, d.created_at::text AS cursor_at,
         c.id AS campaign_id, c.slug, c.title AS campaign_title,
         t.id AS target_id, t.name AS target_name, t.organization, t.email AS target_email,
         concat_ws(' ', p.first_name, p.last_name) AS supporter_name
    FROM deliveries d
    JOIN campaigns c ON c.id = d.campaign_id
    JOIN targets t ON t.id = d.target_id
    LEFT JOIN signatures s ON s.id = d.signature_id
    LEFT JOIN supporters p ON p.id = s.supporter_id`;

/** A row of ITEM_SELECT. */
interface DeliveryItemRow {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  message_id: string | null;
  smtp_response: string | null;
  created_at: Date;
  claimed_at: Date | null;
  sent_at: Date | null;
  updated_at: Date;
  cursor_at: string;
  campaign_id: string;
  slug: string;
  campaign_title: string;
  target_id: string;
  target_name: string;
  organization: string;
  target_email: string;
  supporter_name: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toItem(r: DeliveryItemRow): DeliveryItem {
  return {
    id: r.id,
    campaign: { id: r.campaign_id, slug: r.slug, title: r.campaign_title },
    target: { id: r.target_id, name: r.target_name, organization: r.organization, email: r.target_email },
    supporterName: r.supporter_name,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    messageId: r.message_id,
    smtpResponse: r.smtp_response,
    queuedAt: iso(r.created_at)!,
    claimedAt: iso(r.claimed_at),
    sentAt: iso(r.sent_at),
    updatedAt: iso(r.updated_at)!,
  };
}

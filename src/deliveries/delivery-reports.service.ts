import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { CAMPAIGN_STATUSES } from '../campaigns/campaign.entity.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { Page } from '../common/pagination.dto.js';
import { QUEUES } from '../queue/queues.js';
import { SIGNATURE_STATUSES } from '../signatures/signature.entity.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from './delivery.entity.js';
import type { ListDeliveriesQuery } from './dto/list-deliveries.query.js';

export interface DeliveryItem {
  id: string;
  campaign: { id: string; slug: string; title: string };
  target: { id: string; name: string; organization: string; email: string };
  supporterName: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  smtpResponse: string | null;
  queuedAt: string;
  claimedAt: string | null;
  sentAt: string | null;
  updatedAt: string;
}

const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** What admins read: figures per campaign and queue, and every letter with its state. */
@Injectable()
export class DeliveryReportsService {
  private readonly queues: Queue[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(QUEUES.letters) letters: Queue,
    @InjectQueue(QUEUES.notifications) notifications: Queue,
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
  ) {
    this.queues = [letters, notifications, maintenance];
  }

  async stats() {
    const [campaigns, signatures, deliveries, sentLastHour] = await Promise.all([
      this.db.query(`SELECT id, slug, title, status FROM campaigns ORDER BY created_at DESC`),
      this.db.query(`SELECT campaign_id, status, count(*)::int AS n FROM signatures GROUP BY 1, 2`),
      this.db.query(`SELECT campaign_id, status, count(*)::int AS n FROM deliveries GROUP BY 1, 2`),
      this.db.query(
        `SELECT campaign_id, count(*)::int AS n FROM deliveries WHERE status = 'sent' AND sent_at > now() - interval '1 hour' GROUP BY 1`,
      ),
    ]);
    const byCampaign = new Map<string, { signatures: Record<string, number>; deliveries: Record<string, number>; sentLastHour: number }>(
      campaigns.map((c: { id: string }) => [c.id, { signatures: zeroes(SIGNATURE_STATUSES), deliveries: zeroes(DELIVERY_STATUSES), sentLastHour: 0 }]),
    );
    for (const r of signatures) byCampaign.get(r.campaign_id)!.signatures[r.status] = r.n;
    for (const r of deliveries) byCampaign.get(r.campaign_id)!.deliveries[r.status] = r.n;
    for (const r of sentLastHour) byCampaign.get(r.campaign_id)!.sentLastHour = r.n;
    const queues: Record<string, { waiting: number; active: number; delayed: number; failed: number }> = {};
    for (const q of this.queues) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
      queues[q.name] = { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
    }
    return {
      campaigns: campaigns.map((c: { id: string; slug: string; title: string; status: (typeof CAMPAIGN_STATUSES)[number] }) => ({
        id: c.id,
        slug: c.slug,
        title: c.title,
        status: c.status,
        ...byCampaign.get(c.id)!,
      })),
      queues,
    };
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(q: ListDeliveriesQuery): Promise<Page<DeliveryItem>> {
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
    const rows = await this.db.query(
      `${ITEM_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.created_at DESC, d.id DESC LIMIT ${bind(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map(toItem);
    const last = rows[limit - 1];
    return { items, nextCursor: rows.length > limit ? encodeCursor([last.cursor_at, last.id]) : null };
  }

  async get(id: string): Promise<DeliveryItem> {
    const [row] = await this.db.query(`${ITEM_SELECT} WHERE d.id = $1`, [id]);
    if (!row) throw new NotFoundException(`No delivery ${id}`);
    return toItem(row);
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

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toItem(r: Record<string, any>): DeliveryItem {
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

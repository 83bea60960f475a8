import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { decodeTimeIdCursor, encodeCursor } from '../common/cursor.js';
import type { AuditEntryView, AuditPage } from './dto/audit-entry.view.js';
import type { ListAuditQuery } from './dto/list-audit.query.js';

/** Records staff actions (and the system's own, with no actor) in the audit_log table. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(
    actor: StaffPrincipal | null,
    action: string,
    subject: { type: string; id?: string | null },
    details: Record<string, unknown> = {},
    em?: EntityManager,
  ): Promise<void> {
    await (em ?? this.db.manager).query(
      `INSERT INTO audit_log (actor_id, actor_email, action, subject_type, subject_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [actor?.id ?? null, actor?.email ?? null, action, subject.type, subject.id ?? null, JSON.stringify(details)],
    );
  }

  /**
   * Newest first, by (at, id): the cursor carries the last entry's timestamp as PostgreSQL
   * prints it (microseconds, which a JavaScript Date would lose) and its id.
   */
  async list(query: ListAuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? 50;
    const after = decodeTimeIdCursor(query.cursor);
    const where: string[] = [];
    const params: unknown[] = [limit + 1];
    if (query.action) where.push(`action = $${params.push(query.action)}`);
    if (query.subjectId) where.push(`subject_id = $${params.push(query.subjectId)}`);
    if (query.actor) where.push(`actor_email = $${params.push(query.actor.trim().toLowerCase())}`);
    const from = query.from ? instant(query.from, 'from') : null;
    const to = query.to ? instant(query.to, 'to') : null;
    if (from && to && from >= to) throw new BadRequestException('to must be later than from');
    if (from) where.push(`at >= $${params.push(from)}::timestamptz`);
    if (to) where.push(`at < $${params.push(to)}::timestamptz`);
    if (after) {
      where.push(`(at, id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`);
    }
    const rows: (AuditEntryView & { cursor_at: string })[] = await this.db.query(
      `SELECT id, at, actor_id AS "actorId", actor_email AS "actorEmail", action, subject_type AS "subjectType",
              subject_id AS "subjectId", details, at::text AS cursor_at
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY at DESC, id DESC LIMIT $1`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ cursor_at: _, ...entry }) => entry),
      nextCursor: rows.length > limit && last ? encodeCursor([last.cursor_at, last.id]) : null,
    };
  }

  /** The actions the log holds, in order: what one can filter by. */
  async actions(): Promise<string[]> {
    const rows: { action: string }[] = await this.db.query(`SELECT DISTINCT action FROM audit_log ORDER BY action`);
    return rows.map((r) => r.action);
  }
}

/**
 * An ISO 8601 date or date and time as an instant in UTC: a date alone is its midnight UTC, a time
 * without a zone is UTC (never the server's zone, which would make the same query answer
 * differently on another machine).
 */
function instant(value: string, name: string): string {
  const v = value.trim();
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : /T[\d:.]+$/.test(v) ? `${v}Z` : v;
  const d = new Date(withZone);
  if (Number.isNaN(d.getTime())) throw new BadRequestException(`${name} must be a date or date and time (ISO 8601)`);
  return d.toISOString();
}

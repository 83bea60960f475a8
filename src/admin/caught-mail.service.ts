import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type { CaughtMailRow, CaughtMessageView } from './admin-views.js';

const PAGE = 100;

/** The embedded mail catcher's mailbox (table caught_mail), newest first. */
@Injectable()
export class CaughtMailService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(before: string | undefined): Promise<{ rows: CaughtMailRow[]; older: string | null }> {
    const after = decodeCursor(before, ['string', 'string']);
    const rows: { id: string; received_at: Date; envelope_from: string; envelope_to: string[]; subject: string; cursor_at: string }[] =
      await this.db.query(
        `SELECT id, received_at, envelope_from, envelope_to, subject, received_at::text AS cursor_at
           FROM caught_mail
          ${after ? 'WHERE (received_at, id) < ($2::timestamptz, $3::uuid)' : ''}
          ORDER BY received_at DESC, id DESC
          LIMIT $1`,
        after ? [PAGE + 1, ...after] : [PAGE + 1],
      );
    const last = rows[PAGE - 1];
    return {
      rows: rows.slice(0, PAGE).map((r) => ({
        id: r.id,
        receivedAt: new Date(r.received_at).toISOString(),
        envelopeFrom: r.envelope_from,
        envelopeTo: r.envelope_to,
        subject: r.subject,
      })),
      older: rows.length > PAGE ? encodeCursor([last.cursor_at, last.id]) : null,
    };
  }

  async message(id: string): Promise<CaughtMessageView> {
    const [row]: { id: string; received_at: Date; envelope_from: string; envelope_to: string[]; subject: string; raw: string }[] = await this.db.query(
      `SELECT id, received_at, envelope_from, envelope_to, subject, raw FROM caught_mail WHERE id = $1`,
      [id],
    );
    if (!row) throw new NotFoundException(`No caught message ${id}`);
    const parsed = await simpleParser(row.raw, { skipHtmlToText: false, skipImageLinks: true, skipTextLinks: true });
    return {
      id: row.id,
      receivedAt: new Date(row.received_at).toISOString(),
      envelopeFrom: row.envelope_from,
      envelopeTo: row.envelope_to,
      subject: parsed.subject ?? row.subject,
      headers: parsed.headerLines.map((h) => ({ key: h.key, value: h.line.slice(h.line.indexOf(':') + 1).trim() })),
      text: parsed.text ?? '',
      raw: row.raw,
    };
  }
}

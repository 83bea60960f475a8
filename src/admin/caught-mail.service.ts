import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { decodeHeader } from '../mail/decode-header.js';
import type { CaughtMailRow, CaughtMessageView } from './mail-catcher-views.js';

const PAGE = 100;

/** The embedded mail catcher's mailbox (table caught_mail), newest first. */
@Injectable()
export class CaughtMailService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(before: string | undefined): Promise<{ rows: CaughtMailRow[]; older: string | null }> {
    const after = decodeCursor(before, ['string', 'string']);
    const rows: { id: string; received_at: Date; envelope_from: string; envelope_to: string[]; subject: string; cursor_at: string }[] = await this.db.query(
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
        // decoded when caught; decoding again is harmless and reads rows caught before that
        subject: decodeHeader(r.subject),
      })),
      older: rows.length > PAGE ? encodeCursor([last.cursor_at, last.id]) : null,
    };
  }

  async message(id: string): Promise<CaughtMessageView> {
    const { row, parsed } = await this.parsed(id);
    return {
      id: row.id,
      receivedAt: new Date(row.received_at).toISOString(),
      envelopeFrom: row.envelope_from,
      envelopeTo: row.envelope_to,
      subject: parsed.subject ?? decodeHeader(row.subject),
      // as received, in order, each value unfolded and its encoded words (=?UTF-8?B?…?=) decoded
      headers: parsed.headerLines.map((h) => ({ key: h.key, value: decodeHeader(h.line.slice(h.line.indexOf(':') + 1)) })),
      text: parsed.text ?? '',
      hasHtml: typeof parsed.html === 'string' && parsed.html.length > 0,
      raw: row.raw,
    };
  }

  /** The message's HTML part (inline cid: images as data: URIs); null when it has none. */
  async htmlPart(id: string): Promise<string | null> {
    const { parsed } = await this.parsed(id);
    return typeof parsed.html === 'string' && parsed.html.length > 0 ? parsed.html : null;
  }

  private async parsed(id: string) {
    const [row]: { id: string; received_at: Date; envelope_from: string; envelope_to: string[]; subject: string; raw: string }[] = await this.db.query(
      `SELECT id, received_at, envelope_from, envelope_to, subject, raw FROM caught_mail WHERE id = $1`,
      [id],
    );
    if (!row) throw new NotFoundException(`No caught message ${id}`);
    const parsed = await simpleParser(row.raw, { skipHtmlToText: false, skipImageLinks: true, skipTextLinks: true });
    return { row, parsed };
  }
}

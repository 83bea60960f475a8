import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { csvField } from '../common/csv-export.js';
import { decodeCursor, encodeCursor, PG_TIMESTAMP, UUID_PATTERN } from '../common/cursor.js';
import { countryName } from '../letters/letter-composition.js';
import { digestListsSql } from './audience.js';
import type { CampaignTargetStatus } from './campaign-target.entity.js';
import type { ReceiptLine, TargetReceipt } from './dto/target-receipt.dto.js';

/** a timestamptz as PostgreSQL prints it (the cursor carries it, microseconds and all) */
const CSV_BATCH = 5000;

export const RECEIPT_CSV_HEADER = ['sent_at', 'supporter_name', 'country', 'country_name', 'message_id', 'status', 'letter', 'delivery_id'] as const;

/**
 * Every letter the official was sent in `statuses`, one line per signatory: an individual
 * letter is one line; a digest letter is a line for each signatory it carried (those confirmed in
 * its period who had no letter of their own to this target, and had not withdrawn nor been erased
 * before it went). The receipt lists `sent` letters (accepted by the SMTP server and not reported
 * undeliverable since); its totals also count the `bounced` ones (accepted, then reported
 * undeliverable), which are not proof of delivery.
 *
 * `paged`: after the cursor ($3–$5), at most $6, by sending time. Each kind of letter is read in
 * order and cut at the page's size on its own (the individual
 * letters walk one campaign's range of ix_deliveries_target_status from the cursor): a page costs the same at the start
 * and a million lines in, where sorting every line after the cursor made the whole CSV of an
 * official with 860,000 letters quadratic (1.5 s a page of 5,000, cold).
 */
const LETTERS = (statuses: readonly ('sent' | 'bounced')[], paged: boolean, inStatuses = statuses.map((st) => `'${st}'`).join(', ')) => `
     (SELECT d.sent_at, d.id AS delivery_id, d.signature_id, 'individual' AS letter, d.status, d.message_id
        FROM deliveries d
       WHERE d.campaign_id = $1 AND d.target_id = $2 AND d.signature_id IS NOT NULL
         AND d.status IN (${inStatuses}) AND d.sent_at IS NOT NULL
       ${paged ? `AND ($3::timestamptz IS NULL OR (d.sent_at, d.id, d.signature_id) > ($3::timestamptz, $4::uuid, $5::uuid)) ORDER BY d.sent_at, d.id LIMIT $6` : ''})
      UNION ALL
     (SELECT d.sent_at, d.id, s.id, 'digest', d.status, d.message_id
        FROM deliveries d
        JOIN signatures s ON s.campaign_id = d.campaign_id AND s.confirmed_at >= d.period_start AND s.confirmed_at < d.period_end
         AND (s.status = 'confirmed' OR (s.status = 'withdrawn' AND s.withdrawn_at > d.sent_at))
         AND (s.erased_at IS NULL OR s.erased_at > d.sent_at)
         AND ${digestListsSql('s', 'd.campaign_id', 'd.target_id')}
       WHERE d.campaign_id = $1 AND d.target_id = $2 AND d.period_start IS NOT NULL
         AND d.status IN (${inStatuses}) AND d.sent_at IS NOT NULL
       ${paged ? `AND ($3::timestamptz IS NULL OR (d.sent_at, d.id, s.id) > ($3::timestamptz, $4::uuid, $5::uuid)) ORDER BY d.sent_at, d.id, s.id LIMIT $6` : ''})`;

/** A page of the receipt: `sent` letters after the cursor ($3–$5), at most $6, with who signed. */
const LINES_SENT = `
  SELECT r.sent_at, r.sent_at::text AS at_key, r.delivery_id, r.signature_id, r.letter, r.status, r.message_id,
         p.first_name, p.last_name, p.country
    FROM (${LETTERS(['sent'], true)}) r
    JOIN signatures s ON s.id = r.signature_id
    JOIN supporters p ON p.id = s.supporter_id
   ORDER BY r.sent_at, r.delivery_id, r.signature_id
   LIMIT $6`;

/**
 * The receipt's totals, over the letters alone: every line's signature and supporter exist
 * (foreign keys), so counting needs no name (at 860,000 lines, joining them made the CSV's first
 * byte wait 4 s).
 */
const TOTALS = `
  SELECT count(DISTINCT delivery_id) FILTER (WHERE status = 'sent')::int AS letters,
         count(*) FILTER (WHERE status = 'sent')::int AS signatories,
         count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'bounced')::int AS bounced,
         min(sent_at) FILTER (WHERE status = 'sent') AS first, max(sent_at) FILTER (WHERE status = 'sent') AS last
    FROM (${LETTERS(['sent', 'bounced'], false)}) l`;

interface LineRow {
  sent_at: Date;
  at_key: string;
  delivery_id: string;
  signature_id: string;
  letter: 'individual' | 'digest';
  status: 'sent' | 'bounced';
  message_id: string | null;
  first_name: string;
  last_name: string;
  country: string;
}

type After = [string, string, string] | null;

/** The receipt's head: the campaign and the official (TargetReceiptService.head). */
interface ReceiptHeadRow {
  campaign_id: string;
  slug: string;
  campaign_title: string;
  target_id: string;
  name: string;
  title: string;
  organization: string;
  email: string;
  target_status: CampaignTargetStatus;
  generated_at: Date;
}

/** The receipt's totals in `sent` and `bounced` (TOTALS, TargetReceiptService.head). */
interface ReceiptTotalsRow {
  letters: number;
  signatories: number;
  sent: number;
  bounced: number;
  first: Date | null;
  last: Date | null;
}

/**
 * Proof of delivery: what a campaign can hand an official's office to show how many people
 * wrote, and when. JSON in pages, or the whole list as CSV (streamed in batches; every field
 * neutralised against spreadsheet formulas).
 */
@Injectable()
export class TargetReceiptService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async receipt(campaignId: string, targetId: string, cursor: string | undefined, limit: number): Promise<TargetReceipt> {
    const head = await this.head(campaignId, targetId);
    const after = this.after(cursor);
    const rows = await this.lines(campaignId, targetId, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      ...head,
      items: page.map(toLine),
      nextCursor: rows.length > limit && last ? encodeCursor([last.at_key, last.delivery_id, last.signature_id]) : null,
    };
  }

  /** The whole receipt as CSV, a batch at a time (404 before the first byte when the pair is unknown). */
  async csv(campaignId: string, targetId: string): Promise<{ filename: string; chunks: AsyncIterable<string> }> {
    const head = await this.head(campaignId, targetId);
    const slug = (s: string) =>
      s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60) || 'target';
    return {
      filename: `receipt-${head.campaign.slug}-${slug(head.target.name)}-${head.generatedAt.slice(0, 10)}.csv`,
      chunks: this.csvChunks(campaignId, targetId),
    };
  }

  private async *csvChunks(campaignId: string, targetId: string): AsyncGenerator<string> {
    yield `${RECEIPT_CSV_HEADER.join(',')}\r\n`;
    let after: After = null;
    for (;;) {
      const rows = await this.lines(campaignId, targetId, after, CSV_BATCH);
      if (!rows.length) return;
      yield rows
        .map(toLine)
        .map((l) => [l.sentAt, l.supporterName, l.country, l.countryName, l.messageId, l.status, l.letter, l.deliveryId].map(csvField).join(',') + '\r\n')
        .join('');
      const last = rows[rows.length - 1];
      after = [last.at_key, last.delivery_id, last.signature_id];
      if (rows.length < CSV_BATCH) return;
    }
  }

  /** Who and what, and the totals; 404 unless the target is (or was) attached to the campaign. */
  private async head(campaignId: string, targetId: string): Promise<Omit<TargetReceipt, 'items' | 'nextCursor'>> {
    const [row] = await this.db.query<ReceiptHeadRow[]>(
      `SELECT c.id AS campaign_id, c.slug, c.title AS campaign_title,
              t.id AS target_id, t.name, t.title, t.organization, t.email, ct.status AS target_status,
              now() AS generated_at
         FROM campaign_targets ct JOIN campaigns c ON c.id = ct.campaign_id JOIN targets t ON t.id = ct.target_id
        WHERE ct.campaign_id = $1 AND ct.target_id = $2`,
      [campaignId, targetId],
    );
    if (!row) {
      const [campaign] = await this.db.query<unknown[]>(`SELECT 1 FROM campaigns WHERE id = $1`, [campaignId]);
      throw new NotFoundException(campaign ? `Target ${targetId} is not attached to campaign ${campaignId}` : `No campaign ${campaignId}`);
    }
    const [totals] = await this.db.query<ReceiptTotalsRow[]>(TOTALS, [campaignId, targetId]);
    return {
      campaign: { id: row.campaign_id, slug: row.slug, title: row.campaign_title },
      target: { id: row.target_id, name: row.name, title: row.title, organization: row.organization, email: row.email, status: row.target_status },
      generatedAt: new Date(row.generated_at).toISOString(),
      totals: {
        letters: totals.letters,
        signatories: totals.signatories,
        sent: totals.sent,
        bounced: totals.bounced,
        firstSentAt: totals.first ? new Date(totals.first).toISOString() : null,
        lastSentAt: totals.last ? new Date(totals.last).toISOString() : null,
      },
    };
  }

  private lines(campaignId: string, targetId: string, after: After, limit: number): Promise<LineRow[]> {
    return this.db.query<LineRow[]>(LINES_SENT, [campaignId, targetId, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit]);
  }

  private after(cursor: string | undefined): After {
    const key = decodeCursor(cursor, ['string', 'string', 'string']);
    if (!key) return null;
    if (!PG_TIMESTAMP.test(String(key[0])) || !UUID_PATTERN.test(String(key[1])) || !UUID_PATTERN.test(String(key[2]))) {
      throw new BadRequestException('cursor is not one this API gave out');
    }
    return key as [string, string, string];
  }
}

function toLine(r: LineRow): ReceiptLine {
  return {
    sentAt: new Date(r.sent_at).toISOString(),
    supporterName: `${r.first_name} ${r.last_name}`.trim(),
    country: r.country,
    countryName: countryName(r.country),
    messageId: r.message_id,
    status: r.status,
    letter: r.letter,
    deliveryId: r.delivery_id,
  };
}

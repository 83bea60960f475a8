import { digestListsSql } from '../campaigns/audience.js';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { toCsv } from '../common/csv-export.js';
import type { ExportFormat } from './dto/supporter-request.dto.js';
import type { ExportedEmail, ExportedLetter, ExportedReply, ExportedSignature, ExportedSupporter, SupporterExport } from './dto/supporter-export.view.js';

/** Answered when nobody has this address: it says nothing about anyone else. */
export const NO_SUPPORTER = 'No supporter has this email address';

/**
 * A data-subject access request: everything Appeals holds about the person with one email
 * address: the supporter, each signature, the letters sent in their name (their own, and the
 * digests that list them), the emails sent to them (forwarded replies among them) and the
 * officials' replies to their own letters.
 */
@Injectable()
export class SupporterExportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * An admin's export request, audited (`supporter.export`, by supporter id and format): what the
   * API's GET /api/admin/supporters/export and the console's data-requests page both answer.
   */
  async exportFor(actor: StaffPrincipal, email: string, format: ExportFormat = 'json'): Promise<SupporterExport> {
    const data = await this.export(email);
    await this.audit.record(actor, 'supporter.export', { type: 'supporter', id: data.supporter.id }, { format });
    return data;
  }

  async export(email: string): Promise<SupporterExport> {
    const [supporter]: ExportedSupporter[] = await this.db.query(
      `SELECT id, email, first_name AS "firstName", last_name AS "lastName", country, postcode,
              verified_at AS "verifiedAt", created_at AS "createdAt", updated_at AS "updatedAt"
         FROM supporters WHERE email = $1`,
      [email],
    );
    if (!supporter) throw new NotFoundException(NO_SUPPORTER);
    const [signatures, letters, emails, replies] = await Promise.all([
      this.db.query<ExportedSignature[]>(
        `SELECT s.id, json_build_object('id', c.id, 'slug', c.slug, 'title', c.title) AS campaign, s.status, s.comment, s.letter_body AS "letterBody", s.source,
                s.locale, encode(s.ip_hash, 'hex') AS "ipHash", s.created_at AS "createdAt", s.updated_at AS "updatedAt",
                s.confirmed_at AS "confirmedAt", s.withdrawn_at AS "withdrawnAt",
                s.opt_in_text AS "consentText", s.opt_in_locale AS "consentLanguage", s.opt_in_at AS "consentGivenAt",
                s.opt_in_withdrawn_at AS "consentWithdrawnAt",
                CASE WHEN s.review_status IS NOT NULL OR s.review_flags <> '{}' THEN
                  json_build_object('status', s.review_status, 'flags', s.review_flags, 'reviewedAt', s.reviewed_at, 'reason', s.review_reason)
                END AS review
           FROM signatures s JOIN campaigns c ON c.id = s.campaign_id
          WHERE s.supporter_id = $1
          ORDER BY s.created_at, s.id`,
        [supporter.id],
      ),
      this.db.query<ExportedLetter[]>(
        `SELECT d.id, CASE WHEN d.signature_id IS NULL THEN 'digest' ELSE 'individual' END AS kind, c.slug AS "campaignSlug",
                json_build_object('name', t.name, 'title', t.title, 'organization', t.organization) AS target,
                d.status, d.attempts, d.message_id AS "messageId", d.last_error AS "lastError",
                d.created_at AS "createdAt", d.sent_at AS "sentAt"
           FROM signatures s
           JOIN deliveries d ON d.signature_id = s.id
                             OR (d.signature_id IS NULL AND d.campaign_id = s.campaign_id AND s.confirmed_at IS NOT NULL
                                 AND s.confirmed_at >= d.period_start AND s.confirmed_at < d.period_end
                                 AND ${digestListsSql('s', 'd.campaign_id', 'd.target_id')})
           JOIN campaigns c ON c.id = d.campaign_id
           JOIN targets t ON t.id = d.target_id
          WHERE s.supporter_id = $1
          ORDER BY d.created_at, d.id`,
        [supporter.id],
      ),
      this.db.query<ExportedEmail[]>(
        `SELECT n.id, c.slug AS "campaignSlug", n.kind, n.status, n.attempts, n.last_error AS "lastError",
                n.created_at AS "createdAt", n.sent_at AS "sentAt", n.reply_id AS "replyId"
           FROM signatures s
           JOIN notifications n ON n.signature_id = s.id
           JOIN campaigns c ON c.id = s.campaign_id
          WHERE s.supporter_id = $1
          ORDER BY n.created_at, n.id`,
        [supporter.id],
      ),
      this.db.query<ExportedReply[]>(
        `SELECT r.id, c.slug AS "campaignSlug", r.delivery_id AS "deliveryId",
                json_build_object('name', t.name, 'title', t.title, 'organization', t.organization) AS target,
                json_build_object('address', r.from_address, 'name', r.from_name) AS "from",
                r.subject, r.text, r.kind, r.sent_at AS "sentAt", r.received_at AS "receivedAt", r.redacted_at AS "redactedAt"
           FROM signatures s
           JOIN replies r ON r.signature_id = s.id
           JOIN campaigns c ON c.id = r.campaign_id
           JOIN targets t ON t.id = r.target_id
          WHERE s.supporter_id = $1
          ORDER BY r.received_at, r.id`,
        [supporter.id],
      ),
    ]);
    return { exportedAt: new Date().toISOString(), supporter, signatures, letters, emails, replies };
  }
}

/** The export as a file to download: its type, name and content. */
export function exportFile(data: SupporterExport, format: ExportFormat): { contentType: string; filename: string; body: string } {
  const filename = `supporter-${data.supporter.id}.${format}`;
  return format === 'csv'
    ? { contentType: 'text/csv; charset=utf-8', filename, body: exportAsCsv(data) }
    : { contentType: 'application/json; charset=utf-8', filename, body: JSON.stringify(data, null, 2) };
}

/**
 * The export as one CSV table, one row per value (`section`, `record`, `field`, `value`): every
 * section has its own fields, and a spreadsheet opens it as it is. Values that a spreadsheet would
 * read as a formula (=, +, -, @) are neutralised (src/common/csv-export.ts).
 */
export function exportAsCsv(data: SupporterExport): string {
  const rows: unknown[][] = [];
  const add = (section: string, record: Record<string, unknown>) => {
    for (const [field, value] of flatten(record)) rows.push([section, record.id ?? '', field, value]);
  };
  add('supporter', data.supporter as unknown as Record<string, unknown>);
  for (const s of data.signatures) add('signature', s as unknown as Record<string, unknown>);
  for (const l of data.letters) add('letter', l as unknown as Record<string, unknown>);
  for (const e of data.emails) add('email', e as unknown as Record<string, unknown>);
  for (const r of data.replies ?? []) add('reply', r as unknown as Record<string, unknown>);
  rows.push(['export', '', 'exportedAt', data.exportedAt]);
  return toCsv(['section', 'record', 'field', 'value'], rows);
}

/** {campaign: {slug}} → ["campaign.slug", …]; dates as ISO 8601. */
function flatten(record: Record<string, unknown>, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(record)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !(value instanceof Date)) out.push(...flatten(value as Record<string, unknown>, name));
    else out.push([name, value]);
  }
  return out;
}

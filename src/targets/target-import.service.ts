import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import type { ImportedRow, ImportReport } from './dto/import-report.dto.js';
import { CreateTargetDto } from './dto/target.dto.js';
import { readTargetCsv, targetCsvBody, type TargetCsvColumn, type TargetCsvRow } from './target-csv.js';

/** A row that passed validation: the values to store, normalised as the JSON API stores them. */
interface ValidRow {
  index: number;
  values: Record<Exclude<TargetCsvColumn, 'tags'>, string | null> & { tags: string[] };
}

/**
 * Bulk import of the directory from CSV: each row is validated exactly as POST /api/targets
 * validates a target, then every valid row is upserted by email in one statement. The answer
 * reports every row: created, updated, unchanged or rejected (with the reasons).
 */
@Injectable()
export class TargetImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async import(text: string, actor: StaffPrincipal | null): Promise<ImportReport> {
    const { columns, rows } = readTargetCsv(text);
    const report: ImportedRow[] = [];
    const valid: ValidRow[] = [];
    const firstLineOf = new Map<string, number>();
    for (const row of rows) {
      const entry: ImportedRow = { line: row.line, email: row.cells.email || null, status: 'rejected' };
      report.push(entry);
      const { dto, reasons } = await validateRow(row);
      if (dto.email && typeof dto.email === 'string') {
        entry.email = dto.email;
        const first = firstLineOf.get(dto.email);
        if (first !== undefined) reasons.push(`email ${dto.email} is on line ${first} already: one row per target`);
        else firstLineOf.set(dto.email, row.line);
      }
      if (reasons.length) {
        entry.reasons = reasons;
        continue;
      }
      valid.push({
        index: report.length - 1,
        values: {
          name: dto.name,
          title: dto.title ?? '',
          organization: dto.organization ?? '',
          country: dto.country ?? null,
          email: dto.email,
          locale: dto.locale ?? 'en',
          tags: dto.tags ?? [],
          time_zone: dto.timeZone ?? null,
        },
      });
    }
    if (valid.length) {
      const outcomes = await this.upsert(valid, columns);
      for (const v of valid) Object.assign(report[v.index], outcomes.get(v.values.email!));
    }
    const count = (status: ImportedRow['status']) => report.filter((r) => r.status === status).length;
    const summary = { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: count('rejected') };
    await this.audit.record(actor, 'target.import', { type: 'target', id: null }, { rows: report.length, ...summary });
    return { summary, rows: report };
  }

  /**
   * One statement: new emails are inserted; known ones get the file's values for the columns the
   * file has (a column the file leaves out keeps its value) and only when something differs, so
   * "unchanged" is true. A deactivated target stays deactivated. The tags of each row travel as
   * one text, comma-joined (a tag holds no comma), and are split back into the array.
   */
  private async upsert(rows: ValidRow[], columns: TargetCsvColumn[]): Promise<Map<string, Pick<ImportedRow, 'status' | 'id'>>> {
    const updated = (['name', 'title', 'organization', 'country', 'locale', 'tags', 'time_zone'] as const).filter((c) => columns.includes(c));
    const col = (c: Exclude<TargetCsvColumn, 'tags'>) => rows.map((r) => r.values[c]);
    const result: { email: string; id: string; inserted: boolean | null }[] = await this.db.query(
      `WITH input AS (
         SELECT name, title, organization, country, email, locale, string_to_array(tags, ',') AS tags, time_zone
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                AS i(name, title, organization, country, email, locale, tags, time_zone)
       ), up AS (
         INSERT INTO targets (name, title, organization, country, email, locale, tags, time_zone)
         SELECT name, title, organization, country, email, locale, tags, time_zone FROM input
         ON CONFLICT (email) DO UPDATE SET ${updated.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()
          WHERE (${updated.map((c) => `targets.${c}`).join(', ')}, NULL::text) IS DISTINCT FROM (${updated.map((c) => `EXCLUDED.${c}`).join(', ')}, NULL::text)
         RETURNING id, email, (xmax = 0) AS inserted
       )
       SELECT i.email, COALESCE(up.id, t.id) AS id, up.inserted
         FROM input i LEFT JOIN up ON up.email = i.email LEFT JOIN targets t ON t.email = i.email`,
      [col('name'), col('title'), col('organization'), col('country'), col('email'), col('locale'), rows.map((r) => r.values.tags.join(',')), col('time_zone')],
    );
    return new Map(result.map((r) => [r.email, { id: r.id, status: r.inserted === null ? 'unchanged' : r.inserted ? 'created' : 'updated' }]));
  }
}

/** The row through the same DTO and rules as the JSON API; every problem, one message each. */
async function validateRow(row: TargetCsvRow): Promise<{ dto: CreateTargetDto; reasons: string[] }> {
  const dto = plainToInstance(CreateTargetDto, targetCsvBody(row.cells));
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  const reasons = row.shapeProblem ? [row.shapeProblem] : [];
  reasons.push(...errors.flatMap(messages));
  return { dto, reasons };
}

const messages = (e: ValidationError): string[] => [...Object.values(e.constraints ?? {}), ...(e.children ?? []).flatMap(messages)];

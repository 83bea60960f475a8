import { BadRequestException } from '@nestjs/common';
import { CsvError, parse } from 'csv-parse/sync';
import { splitTags } from './target-tags.js';

/** The columns of a target import, in the order the docs show them. */
export const TARGET_CSV_COLUMNS = ['name', 'title', 'organization', 'country', 'email', 'locale', 'tags', 'time_zone'] as const;
export type TargetCsvColumn = (typeof TARGET_CSV_COLUMNS)[number];
export const REQUIRED_TARGET_CSV_COLUMNS: readonly TargetCsvColumn[] = ['name', 'email'];

/** One import is at most this many rows (and CSV_BODY_LIMIT bytes): a directory, not a data dump. */
export const MAX_IMPORT_ROWS = 5000;
/** The body limit of text/csv requests (JSON and forms keep the global 64 KiB). */
export const CSV_BODY_LIMIT = 2 * 1024 * 1024;

export interface TargetCsvRow {
  /** the line of the file the row ends on (1 is the header) */
  line: number;
  /** the cells of the columns the header names, trimmed */
  cells: Partial<Record<TargetCsvColumn, string>>;
  /** set when the row does not have one cell per column */
  shapeProblem?: string;
}

export interface TargetCsv {
  columns: TargetCsvColumn[];
  rows: TargetCsvRow[];
}

/**
 * Reads a target import: a header row naming the columns (any order, any case; `name` and
 * `email` required, the others optional), then one row per target. A file that cannot be read
 * as CSV, or whose header is wrong, is a 400 naming the problem; problems of single rows are
 * left to the per-row report.
 */
export function readTargetCsv(text: string): TargetCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // with `info`, each record comes as { record, info } (the typings do not follow the option)
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    const message = e instanceof CsvError ? e.message : String(e);
    throw new BadRequestException(`The file is not valid CSV: ${message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new BadRequestException(`The file is empty: its first line must name the columns (${TARGET_CSV_COLUMNS.join(',')})`);
  const names = header.record.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(TARGET_CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length) {
    throw new BadRequestException(`Unknown column(s) ${unknown.map((n) => `"${n}"`).join(', ')}: the columns are ${TARGET_CSV_COLUMNS.join(', ')}`);
  }
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) throw new BadRequestException(`Column(s) named twice: ${[...new Set(repeated)].join(', ')}`);
  const missing = REQUIRED_TARGET_CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) throw new BadRequestException(`Missing required column(s): ${missing.join(', ')}`);
  if (body.length > MAX_IMPORT_ROWS) {
    throw new BadRequestException(`The file has ${body.length} rows; one import takes at most ${MAX_IMPORT_ROWS}: split it`);
  }
  const columns = names as TargetCsvColumn[];
  return {
    columns,
    rows: body.map(({ record, info }) => {
      const cells: TargetCsvRow['cells'] = {};
      columns.forEach((c, i) => (cells[c] = record[i] ?? ''));
      const row: TargetCsvRow = { line: info.lines, cells };
      if (record.length !== columns.length) row.shapeProblem = `the row has ${record.length} field(s), the header ${columns.length}`;
      return row;
    }),
  };
}

/**
 * A row as the body of POST /api/targets, for the same validation: empty optional cells left
 * out (their defaults apply), and `tags` as a list: the cell split at `;`
 * ("foreign-minister;g20"), empty pieces dropped, and an empty cell the empty list (a file with
 * a `tags` column says what each row's tags are; without one, tags are not touched), and
 * `time_zone` as `timeZone` (an empty cell null: the target's own zone cleared, its country's
 * applies; without the column, the zone is not touched).
 */
export function targetCsvBody(cells: TargetCsvRow['cells']): Record<string, unknown> {
  const body: Record<string, unknown> = { name: cells.name ?? '', email: cells.email ?? '' };
  for (const c of ['title', 'organization', 'country', 'locale'] as const) if (cells[c]) body[c] = cells[c];
  if (cells.tags !== undefined) body.tags = splitTags(cells.tags, /;/);
  if (cells.time_zone !== undefined) body.timeZone = cells.time_zone || null;
  return body;
}

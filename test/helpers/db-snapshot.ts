import type { TestDatabase } from './database.js';

/** Tables that change on their own in the background (the admin stats' roll-up), not by a request. */
const BACKGROUND = new Set([
  'migrations',
  'typeorm_metadata',
  'campaign_stat_deltas',
  'campaign_stat_totals',
  'campaign_sent_minutes',
  'campaign_sent_hours',
  'campaign_sent_days',
  'target_letter_deltas',
  'target_letter_totals',
]);

/**
 * A fingerprint of every row of every table (an md5 of each table's rows as text), to prove that
 * a request wrote nothing: no insert, update or delete anywhere.
 */
export async function tableFingerprints(db: TestDatabase): Promise<Record<string, string>> {
  const tables = (
    await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    )
  )
    .map((t) => t.name)
    .filter((t) => !BACKGROUND.has(t));
  const rows = await db.query<{ name: string; fp: string }>(
    tables.map((t) => `SELECT '${t}' AS name, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS fp FROM "${t}" x`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.fp]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]);
}

/**
 * Every text, jsonb, text[] and bytea value in the database that contains one of `needles`
 * (case-insensitive; a bytea matches its hex form): [table.column, value] pairs.
 */
export async function findValues(db: TestDatabase, needles: string[]): Promise<string[]> {
  const columns = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY', 'bytea')
      ORDER BY 1, 2`,
  );
  const found: string[] = [];
  for (const c of columns) {
    const value = c.data_type === 'bytea' ? `encode("${c.column_name}", 'hex')` : `"${c.column_name}"::text`;
    for (const needle of needles) {
      const rows = await db.query<{ v: string }>(`SELECT ${value} AS v FROM "${c.table_name}" WHERE strpos(lower(${value}), lower($1)) > 0 LIMIT 3`, [needle]);
      for (const r of rows) found.push(`${c.table_name}.${c.column_name} holds ${JSON.stringify(needle)}: ${String(r.v).slice(0, 200)}`);
    }
  }
  return found;
}

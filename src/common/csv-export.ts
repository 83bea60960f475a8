/**
 * CSV that is safe to open in a spreadsheet: a value starting with `=`, `+`, `-`, `@` (or a tab
 * or carriage return, which some spreadsheets skip before reading a formula) is prefixed with a
 * single quote, so it is shown as text and never evaluated (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(value: unknown): string {
  const s = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** One CSV field (RFC 4180): neutralised, then quoted when it holds a comma, quote or line break. */
export function csvField(value: unknown): string {
  const s = neutralise(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document: a header row and one row per record, CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

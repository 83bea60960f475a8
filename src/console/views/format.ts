import { html, type SafeHtml } from '../../views/html.js';

/** 1,204 */
export const num = (n: number | null | undefined) => (n ?? 0).toLocaleString('en');

/** "1 letter", "1,204 letters" */
export const count = (n: number, one: string, many = `${one}s`) => `${num(n)} ${n === 1 ? one : many}`;

/** 2012-02-08 09:30 UTC: staff in many time zones read the same time. */
export function when(d: Date | string | null | undefined): string {
  if (!d) return '—';
  const iso = new Date(d).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A <time> element with the UTC time as text and the exact instant in datetime. */
export const time = (d: Date | string | null | undefined): SafeHtml => (d ? html`<time datetime="${new Date(d).toISOString()}">${when(d)}</time>` : html`—`);

/** "42 s", "7 min", "3 h 5 min", "2 days 4 h" */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h${s % 3600 >= 60 ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  const days = Math.floor(s / 86400);
  return `${days} day${days === 1 ? '' : 's'}${s % 86400 >= 3600 ? ` ${Math.floor((s % 86400) / 3600)} h` : ''}`;
}

export const STATUS_LABELS: Record<string, string> = { draft: 'Draft', live: 'Live', paused: 'Paused', closed: 'Closed' };

/** A campaign's status as a coloured label (with the word, never the colour alone). */
export const statusPill = (status: string) => html`<span class="pill ${status}">${STATUS_LABELS[status] ?? status}</span>`;

/** A progress bar with its figures in words beside it. */
export function progress(done: number, of: number, label: string): SafeHtml {
  const pct = of > 0 ? Math.min(100, Math.floor((done / of) * 100)) : 0;
  return html`<span class="progress"><progress max="${Math.max(of, 1)}" value="${Math.min(done, Math.max(of, 1))}" aria-label="${label}">${pct}%</progress><span>${num(done)} of ${num(of)}</span></span>`;
}

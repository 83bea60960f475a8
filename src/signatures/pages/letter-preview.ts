import type { Messages } from '../../i18n/i18n.js';
import { PLACEHOLDERS, type Placeholder } from '../../letters/placeholders.js';
import { html, type SafeHtml } from '../../views/html.js';

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);

/**
 * A letter template as a supporter reads it: the campaigner's text as written, each
 * `{{placeholder}}` shown as a highlighted description in the page's language ("your name"),
 * except the campaign's title, which is known.
 */
export function letterText(template: string, t: Messages, campaignTitle: string): SafeHtml[] {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const m of template.matchAll(TOKEN)) {
    parts.push(html`${template.slice(last, m.index)}`);
    const name = m[1];
    if (name === 'campaign.title') parts.push(html`${campaignTitle}`);
    else if (KNOWN.has(name)) parts.push(html`<mark class="slot">${t.placeholders[name as Placeholder]}</mark>`);
    else parts.push(html`${m[0]}`);
    last = m.index + m[0].length;
  }
  parts.push(html`${template.slice(last)}`);
  return parts;
}

/** The letter's body in paragraphs (a blank line separates them; a single line break is kept). */
export function letterBody(body: string, t: Messages, campaignTitle: string): SafeHtml {
  const paragraphs = body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return html`${paragraphs.map(
    (p) => html`<p dir="auto">${p.split('\n').map((line, i) => html`${i ? html`<br>` : ''}${letterText(line, t, campaignTitle)}`)}</p>`,
  )}`;
}

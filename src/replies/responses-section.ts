import { formatDate, type Locale } from '../i18n/i18n.js';
import { html, type SafeHtml } from '../views/html.js';
import type { PublicResponse } from './published-responses.js';
import type { Stance } from './reply.entity.js';

/**
 * The words of the campaign page's "Responses" section, by page language (kept here, beside the
 * only section that uses them).
 */
const WORDS: Record<Locale, { heading: string; stance: Record<Stance, string> }> = {
  en: { heading: 'Responses from officials', stance: { supports: 'Supports', opposes: 'Opposes', undecided: 'Undecided' } },
  ru: { heading: 'Ответы официальных лиц', stance: { supports: 'Поддерживает', opposes: 'Против', undecided: 'Не определился' } },
  ar: { heading: 'ردود المسؤولين', stance: { supports: 'يؤيّد', opposes: 'يعارض', undecided: 'لم يحسم موقفه' } },
};

/**
 * The published replies on the campaign page: who answered, when, their stance, their words
 * (escaped: plain text, each line kept). Nothing when none is published.
 */
export function responsesSection(locale: Locale, responses: PublicResponse[]): SafeHtml {
  if (!responses.length) return html``;
  const w = WORDS[locale] ?? WORDS.en;
  return html`<section class="responses" aria-labelledby="responses-h">
<h2 id="responses-h">${w.heading}</h2>
${responses.map(
  (r) => html`<article class="response">
<p class="official"><span class="name" dir="auto">${r.target.name}</span>${
    r.target.title || r.target.organization
      ? html` <span class="role" dir="auto">${[r.target.title, r.target.organization].filter(Boolean).join(', ')}</span>`
      : ''
  }</p>
<p class="meta"><time datetime="${new Date(r.receivedAt).toISOString()}">${formatDate(locale, new Date(r.receivedAt))}</time>${
    r.stance ? html` · <span class="stance ${r.stance}">${w.stance[r.stance]}</span>` : ''
  }</p>
<blockquote dir="auto">${r.text.split(/\n{2,}/).map((p) => html`<p>${p.split('\n').map((line, i) => html`${i ? html`<br>` : ''}${line}`)}</p>`)}</blockquote>
</article>`,
)}
</section>`;
}

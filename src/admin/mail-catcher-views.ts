import type { ConsoleContext } from '../console/console-context.js';
import { html, type SafeHtml } from '../views/html.js';
import { layout } from './admin-views.js';

/**
 * The pages of the development mail catcher (/admin/mail): the mailbox, and one message with its
 * headers decoded, its text part with the links made clickable, and its HTML part in a sandboxed
 * frame served from its own route (/admin/mail/:id/html) under a policy that runs no script and
 * loads nothing from elsewhere (content-security-policy.ts).
 */

export interface CaughtMailRow {
  id: string;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  /** decoded: what a mail client would show */
  subject: string;
}

export interface CaughtMessageView {
  id: string;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  subject: string;
  /** each header's value decoded (RFC 2047 encoded words, folded lines) */
  headers: { key: string; value: string }[];
  text: string;
  /** the message has an HTML part (served by /admin/mail/:id/html) */
  hasHtml: boolean;
  raw: string;
}

export function mailListPage(ctx: ConsoleContext, rows: CaughtMailRow[], older: string | null): string {
  return layout(ctx, {
    title: 'Caught mail',
    section: 'mail',
    body: html`<h1>Caught mail</h1>
<p class="hint">No <code>SMTP_URL</code> is set, so every email (confirmations and letters) is caught by the SMTP server embedded in the app, and kept here (the latest 2,000). Nothing leaves this machine.</p>
${
  rows.length
    ? html`<div class="scroll"><table id="mail">
<thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Envelope from</th></tr></thead>
<tbody>${rows.map(
        (m) => html`<tr>
<td><time datetime="${m.receivedAt}">${m.receivedAt.replace('T', ' ').slice(0, 19)}</time></td>
<td>${m.envelopeTo.join(', ')}</td>
<td><a href="/admin/mail/${m.id}">${m.subject || '(no subject)'}</a></td>
<td>${m.envelopeFrom}</td>
</tr>`,
      )}</tbody>
</table></div>`
    : html`<p class="empty">No mail caught yet.</p>`
}
${older ? html`<p><a href="/admin/mail?before=${older}">Older messages</a></p>` : ''}`,
  });
}

export function mailMessagePage(ctx: ConsoleContext, m: CaughtMessageView): string {
  return layout(ctx, {
    title: m.subject || 'Caught message',
    section: 'mail',
    body: html`<p><a href="/admin/mail">← Caught mail</a></p>
<h1>${m.subject || '(no subject)'}</h1>
<dl class="meta">
<dt>Received</dt><dd><time datetime="${m.receivedAt}">${m.receivedAt}</time></dd>
<dt>Envelope from</dt><dd>${m.envelopeFrom}</dd>
<dt>Envelope to</dt><dd>${m.envelopeTo.join(', ')}</dd>
</dl>
<h2>Headers</h2>
<table class="headers"><tbody>${m.headers.map((h) => html`<tr><th scope="row">${h.key}</th><td>${h.value}</td></tr>`)}</tbody></table>
<h2>Text</h2>
<pre class="mail-text">${linkUrls(m.text)}</pre>
${
  m.hasHtml
    ? html`<h2>HTML</h2>
<p class="hint">Shown sandboxed: no script runs and no remote image or style loads, as in a careful mail client.</p>
<iframe class="mail-html" sandbox src="/admin/mail/${m.id}/html" title="The message's HTML part"></iframe>`
    : ''
}
<details><summary>Raw message</summary><pre class="mail-raw">${m.raw}</pre></details>`,
  });
}

/** http(s) URLs in plain text, up to the first space, quote or angle bracket. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/g;
/** punctuation that ends a sentence rather than the URL ("see https://x.org/a." → "https://x.org/a") */
const TRAILING = /[.,;:!?)\]}'»]+$/;

/** Plain text as HTML with every http(s) URL a link (the rest escaped). */
export function linkUrls(text: string): SafeHtml {
  const parts: (string | SafeHtml)[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(TRAILING, '');
    parts.push(text.slice(at, match.index), html`<a href="${url}" rel="noreferrer noopener" target="_blank">${url}</a>`);
    at = match.index + url.length;
  }
  parts.push(text.slice(at));
  return html`${parts}`;
}

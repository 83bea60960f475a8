import { html, type SafeHtml } from './html.js';
import type { PageContext } from './page-context.js';
import { supporterPage } from './supporter-layout.js';

export interface MessagePageOptions {
  title: string;
  paragraphs: (string | SafeHtml)[];
  /** `ok` (done, thank you), `info` (nothing changed), `problem` (a bad link, a missing page) */
  tone?: 'ok' | 'info' | 'problem';
  /** below the paragraphs: links, a form, share links */
  extra?: SafeHtml;
  scripts?: string[];
  privateUrl?: boolean;
}

/** A short page that tells the supporter where they stand. */
export function messagePage(ctx: PageContext, o: MessagePageOptions): string {
  return supporterPage(ctx, {
    title: o.title,
    scripts: o.scripts,
    privateUrl: o.privateUrl,
    body: html`<article class="message ${o.tone ?? 'info'}">
<h1>${o.title}</h1>
${o.paragraphs.map((p) => html`<p>${p}</p>`)}
${o.extra ?? ''}
</article>`,
  });
}

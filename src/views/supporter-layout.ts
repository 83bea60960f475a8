import { messagesFor } from '../i18n/i18n.js';
import { html, page, type SafeHtml } from './html.js';
import { ALL_LOCALES, withLang, type PageContext } from './page-context.js';

export interface SupporterPageOptions {
  title: string;
  body: SafeHtml;
  scripts?: string[];
  description?: string;
  /** pages whose URL carries a token: the token must not leave in a Referer header */
  privateUrl?: boolean;
}

/** The organisation's name, linked to its own site (ORG_URL) when it has one. */
const orgName = (ctx: PageContext) => (ctx.orgUrl ? html`<a href="${ctx.orgUrl}">${ctx.org}</a>` : html`${ctx.org}`);

/** A translated sentence about the organisation (`sentence(name)`), its name linked to ORG_URL. */
function withOrgLinked(ctx: PageContext, sentence: (org: string) => string): SafeHtml {
  if (!ctx.orgUrl) return html`${sentence(ctx.org)}`;
  // the sentence is written around a marker no translation contains, which the linked name replaces
  const [before, ...after] = sentence('\u0000').split('\u0000');
  return html`${before}${orgName(ctx)}${after.join(ctx.org)}`;
}

/** The frame of every supporter page: who runs it, the language switcher, the page's language and direction. */
export function supporterPage(ctx: PageContext, opts: SupporterPageOptions): string {
  const header = html`<header class="site">
<p class="org">${orgName(ctx)}</p>
<nav class="langs" aria-label="${ctx.t.languageNav}"><ul>
${ALL_LOCALES.map((l) =>
  l === ctx.locale
    ? html`<li><a href="${withLang(ctx, l)}" lang="${l}" hreflang="${l}" aria-current="page">${messagesFor(l).languageName}</a></li>`
    : html`<li><a href="${withLang(ctx, l)}" lang="${l}" hreflang="${l}">${messagesFor(l).languageName}</a></li>`,
)}
</ul></nav>
</header>`;
  const footer = html`<footer class="site"><p>${withOrgLinked(ctx, ctx.t.footer)}</p></footer>`;
  return page({
    title: opts.title,
    lang: ctx.locale,
    dir: ctx.dir,
    description: opts.description,
    head: opts.privateUrl ? html`<meta name="referrer" content="no-referrer">\n<meta name="robots" content="noindex">` : undefined,
    scripts: opts.scripts,
    header,
    body: opts.body,
    footer,
  });
}

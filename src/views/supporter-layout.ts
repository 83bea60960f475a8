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

/** The frame of every supporter page: who runs it, the language switcher, the page's language and direction. */
export function supporterPage(ctx: PageContext, opts: SupporterPageOptions): string {
  const header = html`<header class="site">
<p class="org">${ctx.org}</p>
<nav class="langs" aria-label="${ctx.t.languageNav}"><ul>
${ALL_LOCALES.map((l) =>
  l === ctx.locale
    ? html`<li><a href="${withLang(ctx, l)}" lang="${l}" hreflang="${l}" aria-current="page">${messagesFor(l).languageName}</a></li>`
    : html`<li><a href="${withLang(ctx, l)}" lang="${l}" hreflang="${l}">${messagesFor(l).languageName}</a></li>`,
)}
</ul></nav>
</header>`;
  const footer = html`<footer class="site"><p>${ctx.t.footer(ctx.org)}</p></footer>`;
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

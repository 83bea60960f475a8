import { plural } from '../../i18n/i18n.js';
import type { ListedCampaign } from '../public-campaign.service.js';
import { html } from '../../views/html.js';
import { withLang, type PageContext } from '../../views/page-context.js';
import { supporterPage } from '../../views/supporter-layout.js';

const SUMMARY_CHARS = 280;

/** A summary cut at a word near `SUMMARY_CHARS`: the front page is a list, the campaign page has it whole. */
function shortSummary(text: string): string {
  const chars = [...text.trim()];
  if (chars.length <= SUMMARY_CHARS) return text.trim();
  const cut = chars.slice(0, SUMMARY_CHARS).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > SUMMARY_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** GET /: who runs this site and the campaigns open for signatures, each linked to its page. */
export function homePage(ctx: PageContext, campaigns: ListedCampaign[]): string {
  const { t } = ctx;
  const link = (slug: string) => withLang({ path: `/c/${encodeURIComponent(slug)}`, keep: {} }, ctx.locale);
  const body = html`<article class="home">
<h1>${t.home.title(ctx.org)}</h1>
<p class="intro">${t.home.intro}</p>
${
  campaigns.length
    ? html`<ul class="campaign-list">
${campaigns.map(
  (c, i) => html`<li>
<h2 id="campaign-${i}" dir="auto"><a href="${link(c.slug)}">${c.title}</a></h2>
${c.summary ? html`<p class="summary" dir="auto">${shortSummary(c.summary)}</p>` : ''}
<p class="count">${c.signatureCount === 0 ? t.noSignaturesYet : plural(ctx.locale, c.signatureCount, t.signedCount)}</p>
<a class="button" href="${link(c.slug)}" aria-describedby="campaign-${i}">${t.home.readAndSign}</a>
</li>`,
)}
</ul>`
    : html`<p class="state">${t.home.empty}</p>`
}
</article>`;
  return supporterPage(ctx, { title: t.home.title(ctx.org), description: t.home.intro, body });
}

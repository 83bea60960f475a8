import { html, type SafeHtml } from './html.js';
import type { PageContext } from './page-context.js';

/** The campaign's address with a `source` naming where it was shared, so campaigners see what works. */
const campaignUrl = (publicUrl: string, slug: string, source: string) => `${publicUrl}/c/${encodeURIComponent(slug)}?source=${source}`;

/**
 * "Share the appeal": plain links to share by email, WhatsApp, Telegram, X and Facebook (they
 * work without JavaScript, and load nothing from those sites), the address to copy, and with
 * JavaScript a copy button and the phone's own share sheet.
 */
export function shareLinks(ctx: PageContext, publicUrl: string, campaign: { slug: string; title: string }): SafeHtml {
  const { t } = ctx;
  const text = t.shareText(campaign.title);
  const url = (source: string) => campaignUrl(publicUrl, campaign.slug, source);
  const e = encodeURIComponent;
  const links = [
    { name: t.shareBy.email, href: `mailto:?subject=${e(campaign.title)}&body=${e(`${text} ${url('share-email')}`)}` },
    { name: t.shareBy.whatsapp, href: `https://wa.me/?text=${e(`${text} ${url('share-whatsapp')}`)}` },
    { name: t.shareBy.telegram, href: `https://t.me/share/url?url=${e(url('share-telegram'))}&text=${e(text)}` },
    { name: t.shareBy.x, href: `https://twitter.com/intent/tweet?text=${e(text)}&url=${e(url('share-x'))}` },
    { name: t.shareBy.facebook, href: `https://www.facebook.com/sharer/sharer.php?u=${e(url('share-facebook'))}` },
  ];
  const plain = url('share-link');
  return html`<section class="share" aria-labelledby="share-h" data-share data-title="${campaign.title}" data-text="${text}" data-url="${plain}">
<h2 id="share-h">${t.shareHeading}</h2>
<p>${t.shareAsk}</p>
<ul class="share-links">
${links.map((l) => html`<li><a href="${l.href}" rel="noopener noreferrer">${l.name}</a></li>`)}
</ul>
<div class="field copy">
<label for="share-url">${t.shareLinkLabel}</label>
<div class="copy-row"><input id="share-url" type="url" value="${plain}" readonly dir="ltr">
<button type="button" class="secondary" data-copy hidden>${t.copyLink}</button></div>
<p class="copied" data-copied aria-live="polite" data-message="${t.linkCopied}"></p>
</div>
<p class="native-share" hidden><button type="button" data-native-share>${t.shareNative}</button></p>
</section>`;
}

import type { CampaignTranslations } from '../../campaigns/campaign.entity.js';
import { campaignTitleFor } from '../../campaigns/campaign-text.js';
import { html } from '../../views/html.js';
import { messagePage } from '../../views/message-page.js';
import { withLang, type PageContext } from '../../views/page-context.js';
import { shareLinks } from '../../views/share-links.js';
import { recipientsBlock, type Recipients } from './campaign-page.js';

/**
 * The short pages around signing: after the form, the confirmation and withdrawal links, and
 * the honest "not here" pages. The campaign page itself is in campaign-page.ts.
 */

/** The campaign a page names: its default title, and the translations its title is chosen from by the page's language. */
type CampaignRef = { slug: string; title: string; translations?: CampaignTranslations | null };

const titleOf = (ctx: PageContext, c: CampaignRef) => campaignTitleFor(c, ctx.locale);

const campaignLink = (ctx: PageContext, c: CampaignRef, text: string) =>
  html`<a href="${withLang({ path: `/c/${encodeURIComponent(c.slug)}`, keep: {} }, ctx.locale)}">${text}</a>`;

export function notFoundPage(ctx: PageContext): string {
  return messagePage(ctx, { title: ctx.t.notFoundTitle, paragraphs: [ctx.t.notFoundText], tone: 'problem' });
}

export function draftPage(ctx: PageContext): string {
  return messagePage(ctx, { title: ctx.t.state.draftTitle, paragraphs: [ctx.t.state.draft], tone: 'info' });
}

/** After the form without JavaScript: "check your email" (or "thank you" when no confirmation is asked). */
/** "Check your email" (or "thank you"), naming who the letter goes to when that depends on the supporter's country. */
export function signedPage(ctx: PageContext, c: CampaignRef & { requireConfirmation: boolean }, recipients?: Recipients): string {
  const { t } = ctx;
  return messagePage(ctx, {
    title: c.requireConfirmation ? t.checkEmailTitle : t.signedTitle,
    paragraphs: c.requireConfirmation ? [t.checkEmailText, t.checkEmailSpam] : [t.signedText],
    tone: 'ok',
    extra: html`${recipients ? html`<div class="recipients">${recipientsBlock(ctx, recipients)}</div>` : ''}<p class="back">${campaignLink(
      ctx,
      c,
      t.backToCampaign,
    )}</p>`,
  });
}

export function confirmedPage(ctx: PageContext, publicUrl: string, c: CampaignRef, firstTime: boolean): string {
  const { t } = ctx;
  return messagePage(ctx, {
    title: firstTime ? t.confirmedTitle : t.alreadyConfirmedTitle,
    paragraphs: [html`<strong dir="auto">${titleOf(ctx, c)}</strong>`, firstTime ? t.confirmedText : t.alreadyConfirmedText],
    tone: 'ok',
    extra: shareLinks(ctx, publicUrl, { slug: c.slug, title: titleOf(ctx, c) }),
    scripts: ['share.js'],
    privateUrl: true,
  });
}

/** An expired confirmation link: we know the campaign, so the supporter can sign again. */
export function expiredLinkPage(ctx: PageContext, c: CampaignRef): string {
  const { t } = ctx;
  return messagePage(ctx, {
    title: t.expiredTitle,
    paragraphs: [html`<strong dir="auto">${titleOf(ctx, c)}</strong>`, t.expiredText],
    tone: 'problem',
    extra: html`<p>${campaignLink(ctx, c, t.signAgain)}</p>`,
    privateUrl: true,
  });
}

export function unknownLinkPage(ctx: PageContext, text = ctx.t.unknownLinkText): string {
  return messagePage(ctx, { title: ctx.t.unknownLinkTitle, paragraphs: [text], tone: 'problem', privateUrl: true });
}

export function withdrawnCannotConfirmPage(ctx: PageContext, c: CampaignRef): string {
  const { t } = ctx;
  return messagePage(ctx, {
    title: t.withdrawnCannotConfirmTitle,
    paragraphs: [html`<strong dir="auto">${titleOf(ctx, c)}</strong>`, t.withdrawnCannotConfirmText],
    tone: 'info',
    privateUrl: true,
  });
}

/** GET /withdraw/:token only asks: mail scanners open links, and must not withdraw anyone. */
export function withdrawQuestionPage(ctx: PageContext, token: string, c: CampaignRef): string {
  const { t } = ctx;
  return messagePage(ctx, {
    title: t.withdrawQuestionTitle,
    paragraphs: [t.withdrawQuestionText(titleOf(ctx, c))],
    tone: 'info',
    privateUrl: true,
    extra: html`<form method="post" action="/withdraw/${token}?lang=${ctx.locale}" class="actions">
<button type="submit" class="danger">${t.withdrawButton}</button>
${campaignLink(ctx, c, t.keepSignature)}
</form>`,
  });
}

export function withdrawnPage(ctx: PageContext, c: CampaignRef, already: boolean): string {
  const { t } = ctx;
  return messagePage(ctx, {
    title: t.withdrawnTitle,
    paragraphs: [already ? t.alreadyWithdrawnText(titleOf(ctx, c)) : t.withdrawnText(titleOf(ctx, c))],
    tone: 'ok',
    privateUrl: true,
  });
}

/** GET /unsubscribe/:token only asks (mail scanners open links); the POST unsubscribes, as a mail client's one-click does. */
export function unsubscribeQuestionPage(ctx: PageContext, token: string): string {
  const { t } = ctx;
  return messagePage(ctx, {
    title: t.unsubscribe.title,
    paragraphs: [t.unsubscribe.question(ctx.org)],
    tone: 'info',
    privateUrl: true,
    extra: html`<form method="post" action="/unsubscribe/${token}?lang=${ctx.locale}" class="actions">
<button type="submit">${t.unsubscribe.button}</button>
</form>`,
  });
}

export function unsubscribedPage(ctx: PageContext): string {
  return messagePage(ctx, { title: ctx.t.unsubscribe.doneTitle, paragraphs: [ctx.t.unsubscribe.done(ctx.org)], tone: 'ok', privateUrl: true });
}

/** A form sent too often from one address (429): the supporter's input is not lost, only delayed. */
export function tooManyPage(ctx: PageContext, slug: string): string {
  const { t } = ctx;
  return messagePage(ctx, {
    title: t.tooManyTitle,
    paragraphs: [t.errors.tooMany],
    tone: 'problem',
    extra: html`<p>${campaignLink(ctx, { slug, title: '' }, t.backToCampaign)}</p>`,
  });
}

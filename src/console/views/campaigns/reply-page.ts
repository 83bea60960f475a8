import type { CampaignView } from '../../../campaigns/campaigns.service.js';
import type { DeliveryDetail } from '../../../deliveries/dto/delivery-item.response.js';
import type { ReplyView } from '../../../replies/dto/reply.view.js';
import { withoutQuotation } from '../../../replies/quotation.js';
import { PUBLISHABLE_KINDS, STANCES } from '../../../replies/reply.entity.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { csrfField, errorSummary, postButton, radios, type FormErrors, type FormValues } from '../form-kit.js';
import { time } from '../format.js';
import { consolePage } from '../layout.js';
import { campaignCrumbs } from './campaign-header.js';
import { bytes, kindPill, KIND_HINTS, KIND_LABELS, KINDS_IN_ORDER, otherSender, publishedPill, senderText, stancePill, STANCE_LABELS } from './reply-format.js';

/** The mark form's fields, by name, as its error summary names them. */
export const MARK_LABELS: Record<string, string> = { kind: 'What it is', stance: 'Stance' };

/** The mark form's values for a reply as it is: its kind, and its stance ('' when none). */
export const markValues = (r: Pick<ReplyView, 'kind' | 'stance'>): FormValues => ({ kind: r.kind, stance: r.stance ?? '' });

/** The mark form shown again: what was chosen, and what was wrong with it. */
export interface MarkFormAgain {
  values: FormValues;
  errors: FormErrors;
}

/** The letter the reply answers: to whom, from whom (or a digest), when; the official's page, and for admins the letter's own. */
function letterSection(ctx: ConsoleContext, c: CampaignView, r: ReplyView, letter: DeliveryDetail | null): SafeHtml {
  const official = html`<a href="/console/campaigns/${c.id}/targets/${r.target.id}">${r.target.name}</a>`;
  const from = r.signatureId ? html` signed by ${letter?.supporterName || 'a supporter'}` : html`: a digest, listing the signatories of its period`;
  return html`<section class="card" aria-labelledby="letter-h">
<h2 id="letter-h">The letter it answers</h2>
<p>A letter to ${official}${from}${letter?.sentAt ? html`, sent ${time(letter.sentAt)}` : ''}.</p>
${letter?.messageId ? html`<p class="hint">Its Message-ID: <code>${letter.messageId}</code></p>` : ''}
${ctx.staff.role === 'admin' ? html`<p><a href="/console/letters/${r.deliveryId}">The letter and its SMTP attempts</a></p>` : ''}
</section>`;
}

/** Mark it: what it is (its kind) and, for a substantive one, its stance. */
function markSection(ctx: ConsoleContext, c: CampaignView, r: ReplyView, form: MarkFormAgain): SafeHtml {
  const v = form.values;
  const e = form.errors;
  return html`<section class="card" aria-labelledby="mark-h">
<h2 id="mark-h">Mark it</h2>
${errorSummary(e, MARK_LABELS)}
<form method="post" action="/console/campaigns/${c.id}/replies/${r.id}/mark" novalidate>
${csrfField(ctx)}
${radios({
  name: 'kind',
  label: MARK_LABELS.kind,
  value: v.kind,
  error: e.kind,
  options: KINDS_IN_ORDER.map((k) => ({ value: k, label: KIND_LABELS[k], hint: KIND_HINTS[k] })),
})}
${radios({
  name: 'stance',
  label: MARK_LABELS.stance,
  hint: 'A substantive reply’s stance on the campaign’s ask. Other kinds have none.',
  value: v.stance ?? '',
  error: e.stance,
  options: [{ value: '', label: 'Not judged' }, ...STANCES.map((s) => ({ value: s, label: STANCE_LABELS[s] }))],
})}
<button type="submit" class="primary">Save</button>
</form>
</section>`;
}

/** Forward it to the supporter whose letter it answers: its state when it was, the button when it may be. */
function forwardSection(ctx: ConsoleContext, c: CampaignView, r: ReplyView): SafeHtml | string {
  if (!r.signatureId) return '';
  const body = r.forward
    ? html`<p>Sent on to the supporter who wrote the letter (${r.forward.status}).</p>`
    : r.kind === 'auto'
      ? html`<p class="hint">An automatic reply is not forwarded: mark it a person’s answer first.</p>`
      : html`<p class="hint" id="forward-hint">Emails this answer to the supporter who wrote the letter, in their language, from your address, saying who answered. Once only.</p>
${postButton(ctx, `/console/campaigns/${c.id}/replies/${r.id}/forward`, 'Forward to the supporter', { describedBy: 'forward-hint' })}`;
  return html`<section class="card" aria-labelledby="forward-h">
<h2 id="forward-h">Forward</h2>
${body}
</section>`;
}

/** Publish or unpublish: what the campaign page shows of it (without the quoted letter), and when it may be. */
function publishSection(ctx: ConsoleContext, c: CampaignView, r: ReplyView): SafeHtml {
  const action = `/console/campaigns/${c.id}/replies/${r.id}/publish`;
  const publicText = withoutQuotation(r.text);
  if (r.published)
    return html`<section class="card" aria-labelledby="publish-h">
<h2 id="publish-h">Published</h2>
<p id="publish-hint">It is on <a href="${ctx.publicUrl}/c/${c.slug}">the campaign page</a>, under “Responses from officials”: ${r.target.name}, the date, the stance and their words, without the letter they quote and without any address.</p>
${postButton(ctx, action, 'Unpublish', { fields: { published: 'false' }, describedBy: 'publish-hint' })}
</section>`;
  const publishable = PUBLISHABLE_KINDS.includes(r.kind);
  return html`<section class="card" aria-labelledby="publish-h">
<h2 id="publish-h">Publish</h2>
<p id="publish-hint">Publishing puts it on <a href="${ctx.publicUrl}/c/${c.slug}">the campaign page</a>, under “Responses from officials”: ${r.target.name}, the date, the stance and their words below, without the letter they quote and without any address. Read it first: an answer may greet a supporter by name.${
    publishable ? '' : html` <strong>Only an acknowledgement or a substantive reply can be published: mark it first.</strong>`
  }</p>
<h3 id="public-text-h">What the campaign page would show</h3>
<div class="paper reply-text" dir="auto">${publicText || html`<span class="muted">Nothing: the reply is all quotation.</span>`}</div>
<div class="actions">${postButton(ctx, action, 'Publish', { kind: publishable ? 'primary' : 'secondary', fields: { published: 'true' }, describedBy: 'publish-hint' })}</div>
</section>`;
}

/**
 * One reply: who answered and when, the full text (escaped, line breaks kept), its attachments'
 * names and sizes, the letter it answers; forms to mark it and to publish or unpublish it.
 */
export function replyPage(
  ctx: ConsoleContext,
  c: CampaignView,
  r: ReplyView,
  data: { letter: DeliveryDetail | null; officialEmail: string | undefined; mark?: MarkFormAgain },
): string {
  const sender = otherSender(r.from, data.officialEmail);
  const form = data.mark ?? { values: markValues(r), errors: {} };
  const body = html`<div class="heading"><h1>Reply from ${r.target.name} <span class="sub">${c.title}</span></h1><p class="reply-marks">${kindPill(r.kind)} ${stancePill(r.stance)} ${publishedPill(r.published)}</p></div>
<dl class="meta">
<dt>Official</dt><dd><a href="/console/campaigns/${c.id}/targets/${r.target.id}">${r.target.name}</a>${[r.target.title, r.target.organization].filter(Boolean).length ? `, ${[r.target.title, r.target.organization].filter(Boolean).join(', ')}` : ''}</dd>
<dt>From</dt><dd>${
    sender
      ? html`${sender} <span class="muted">(not the official’s address: someone answering for them)</span>`
      : html`${senderText(r.from)} <span class="muted">(the official’s own address)</span>`
  }</dd>
<dt>Subject</dt><dd dir="auto">${r.subject || '(no subject)'}</dd>
<dt>Sent</dt><dd>${r.sentAt ? time(r.sentAt) : 'not said (no Date header)'}</dd>
<dt>Received</dt><dd>${time(r.receivedAt)}</dd>
<dt>Kind</dt><dd>${KIND_LABELS[r.kind]}${r.autoReason ? html` <span class="muted">(${r.autoReason})</span>` : ''}</dd>
${r.kind === 'substantive' ? html`<dt>Stance</dt><dd>${r.stance ? STANCE_LABELS[r.stance] : 'not judged'}</dd>` : ''}
<dt>Published</dt><dd>${r.published ? 'yes, on the campaign page' : 'no'}</dd>
<dt>Last marked</dt><dd>${r.markedAt ? time(r.markedAt) : 'never'}</dd>
</dl>
<div class="reply-layout">
<div>
<section aria-labelledby="text-h">
<h2 id="text-h">What they wrote</h2>
<div class="paper reply-text" dir="auto">${r.text || html`<span class="muted">(no text)</span>`}</div>
${
  r.attachments.length
    ? html`<h3 id="attachments-h">Attachments</h3>
<ul class="attachments" aria-labelledby="attachments-h">${r.attachments.map(
        (a) => html`<li><span class="name" dir="auto">${a.filename || '(no name)'}</span> <span class="muted">${a.contentType}, ${bytes(a.size)}</span></li>`,
      )}</ul>
<p class="hint">Only their names, types and sizes are kept, not the files: ask the office for one you need.</p>`
    : ''
}
</section>
${letterSection(ctx, c, r, data.letter)}
</div>
<div>
${markSection(ctx, c, r, form)}
${publishSection(ctx, c, r)}
${forwardSection(ctx, c, r)}
</div>
</div>
<p><a href="/console/campaigns/${c.id}/replies">Back to the replies</a></p>`;
  return consolePage(ctx, {
    title: `Reply from ${r.target.name} · ${c.title}`,
    section: 'campaigns',
    hasErrors: Object.keys(form.errors).length > 0,
    crumbs: campaignCrumbs(c, [{ href: `/console/campaigns/${c.id}/replies`, label: 'Replies' }]),
    body,
  });
}

import type { CampaignView } from '../../../campaigns/campaigns.service.js';
import type { ReviewList } from '../../../moderation/dto/review.dto.js';
import type { ReviewItemView, ReviewPage } from '../../../moderation/dto/review.view.js';
import type { ModerationFlag } from '../../../moderation/moderation-rules.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { csrfField, fieldId } from '../form-kit.js';
import { count, num, time } from '../format.js';
import { consolePage } from '../layout.js';
import { campaignCrumbs, campaignHeader } from './campaign-header.js';

/** The lists of the review queue, as its sub-navigation names them. */
export const REVIEW_LIST_LABELS: Record<ReviewList, string> = {
  pending: 'Waiting',
  approved: 'Approved',
  'approved-without-text': 'Sent without their words',
  rejected: 'Rejected',
  flagged: 'Every flagged text',
};

const MODE_TEXT: Record<string, string> = {
  off: 'Moderation is off: every letter goes as written. Rules are still checked, so flagged texts are listed here.',
  flagged: 'Letters whose words trip a rule wait here until someone decides; the others go as written.',
  all: "Every letter with a supporter's own words waits here until someone decides.",
};

/** A rule a text tripped, in words, with what tripped it. */
function flagPill(flag: ModerationFlag, item: ReviewItemView, base: string): SafeHtml {
  const d = item.details;
  switch (flag) {
    case 'blocked-word':
      return html`<span class="pill bad">Blocked word: ${(d.blockedWords ?? []).join(', ')}</span>`;
    case 'links':
      return html`<span class="pill bad">${count(d.links ?? 0, 'link')}</span>`;
    case 'target-domain':
      return html`<span class="pill bad">Address at ${d.domain}</span>`;
    case 'near-duplicate':
      return html`<span class="pill pending">Near-duplicate${d.similarity !== undefined ? ` (${Math.round(d.similarity * 100)}% alike)` : ''}</span>${
        d.nearDuplicateOf ? html` <a class="muted" href="${base}?status=flagged#s-${d.nearDuplicateOf}">see the earlier text</a>` : ''
      }`;
  }
}

const DECISION_TEXT: Record<string, string> = {
  approved: 'Approved: sent as written',
  'approved-without-text': "Sent without the supporter's words",
  rejected: 'Rejected: letters cancelled',
};

/** The three decisions and a reason, for a signature that waits. */
function decideForm(ctx: ConsoleContext, c: CampaignView, item: ReviewItemView): SafeHtml {
  const reasonId = fieldId(`reason-${item.signatureId}`);
  return html`<form method="post" action="/console/campaigns/${c.id}/review/${item.signatureId}" class="decide">
${csrfField(ctx)}
<label for="${reasonId}">Reason <span class="optional">(optional, kept with the decision)</span></label>
<input id="${reasonId}" name="reason" maxlength="500" autocomplete="off">
<div class="actions">
<button type="submit" name="decision" value="approve" class="primary">Approve</button>
<button type="submit" name="decision" value="approve-without-text" class="secondary">Send without their words</button>
<button type="submit" name="decision" value="reject" class="danger">Reject</button>
</div>
</form>`;
}

/** One signature: who, the rules tripped, their words, their letters, and the decision (or the form to take it). */
function reviewItem(ctx: ConsoleContext, c: CampaignView, item: ReviewItemView): SafeHtml {
  const base = `/console/campaigns/${c.id}/review`;
  const s = item.supporter;
  const letters = item.letters;
  return html`<li class="reply-item review-item" id="s-${item.signatureId}">
<div class="reply-who"><span><strong>${s.firstName} ${s.lastName}</strong> <span class="muted">${s.country} · ${s.email}</span></span> ${time(item.confirmedAt)}</div>
<p class="reply-marks">${item.flags.length ? item.flags.map((f) => html`${flagPill(f, item, base)} `) : html`<span class="muted">No rule tripped</span>`}</p>
${item.letterBody ? html`<h3 class="small">The letter they wrote</h3><blockquote dir="auto" class="supporter-text">${item.letterBody}</blockquote>` : ''}
${item.comment ? html`<h3 class="small">Their message</h3><blockquote dir="auto" class="supporter-text">${item.comment}</blockquote>` : ''}
<p class="muted">Letters: ${num(letters.owed)} owed, ${num(letters.sent)} sent${letters.failed ? `, ${num(letters.failed)} failed` : ''}${
    letters.cancelled ? `, ${num(letters.cancelled)} cancelled` : ''
  }</p>
${
  item.status === 'pending'
    ? decideForm(ctx, c, item)
    : item.status
      ? html`<p><strong>${DECISION_TEXT[item.status]}</strong> by ${item.reviewedBy} ${time(item.reviewedAt)}${item.reason ? html`: “${item.reason}”` : ''}</p>`
      : html`<p class="muted">Not held: its letters went as written.</p>`
}
</li>`;
}

/**
 * The Review tab: the signatures whose own words wait for a campaigner, oldest first, each with the
 * rules it tripped and the three decisions; and the lists of what was decided, and of every
 * flagged text.
 */
export function campaignReviewPage(ctx: ConsoleContext, c: CampaignView, data: { list: ReviewList; page: ReviewPage; cursor?: string }): string {
  const base = `/console/campaigns/${c.id}/review`;
  const { counts, items, nextCursor } = data.page;
  const lists = Object.entries(REVIEW_LIST_LABELS) as [ReviewList, string][];
  const body = html`${campaignHeader(ctx, c, 'review')}
<section aria-labelledby="review-h">
<h2 id="review-h">${data.list === 'pending' ? 'Waiting for review' : REVIEW_LIST_LABELS[data.list]}</h2>
<p class="hint">${MODE_TEXT[c.moderation?.mode ?? 'off']} Change the rules in <a href="/console/campaigns/${c.id}/settings#moderation">Settings</a>. Times are UTC.</p>
<nav class="sub-tabs" aria-label="Review lists"><ul>${lists.map(
    ([list, label]) =>
      html`<li><a href="${base}${list === 'pending' ? '' : `?status=${list}`}"${list === data.list ? html` aria-current="page"` : ''}>${label} <span class="tab-count">${num(counts[list])}</span></a></li>`,
  )}</ul></nav>
${
  items.length
    ? html`<ol class="inbox review" aria-labelledby="review-h">${items.map((i) => reviewItem(ctx, c, i))}</ol>`
    : html`<p class="empty">${data.list === 'pending' ? 'Nothing waits for review.' : 'None yet.'}</p>`
}
<p class="pager">${nextCursor ? html`<a href="${base}?${new URLSearchParams({ status: data.list, cursor: nextCursor }).toString()}">Next ${count(items.length, 'signature')}</a>` : ''}${
    data.cursor ? html` <a href="${base}${data.list === 'pending' ? '' : `?status=${data.list}`}">Back to the first</a>` : ''
  }</p>
</section>`;
  return consolePage(ctx, { title: `Review · ${c.title}`, section: 'campaigns', crumbs: campaignCrumbs(c).slice(0, 1), body });
}

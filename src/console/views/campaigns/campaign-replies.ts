import type { CampaignView } from '../../../campaigns/campaigns.service.js';
import type { TargetReplySummary } from '../../../replies/dto/reply-summary.view.js';
import type { ReplyView } from '../../../replies/dto/reply.view.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { errorSummary, select, type FormErrors, type FormValues } from '../form-kit.js';
import { count, num, time } from '../format.js';
import { consolePage } from '../layout.js';
import { campaignCrumbs, campaignHeader } from './campaign-header.js';
import { firstLines, kindPill, KIND_LABELS, KINDS_IN_ORDER, otherSender, publishedPill, stancePill } from './reply-format.js';

export const REPLY_FILTER_LABELS: Record<string, string> = { targetId: 'Official', kind: 'Kind', cursor: 'Page' };

/** The filters as a query string (and a cursor), for links that keep them. */
export function repliesQuery(filters: FormValues, cursor?: string | null): string {
  const q = new URLSearchParams();
  for (const k of ['targetId', 'kind']) if (filters[k]) q.set(k, filters[k]!);
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** One reply in the inbox: who answered and when, its subject (the link to it), its first lines, what it was marked. */
function replyItem(c: CampaignView, r: ReplyView, emails: Map<string, string>): SafeHtml {
  const sender = otherSender(r.from, emails.get(r.target.id));
  const headingId = `reply-${r.id}`;
  return html`<li class="reply-item">
<div class="reply-who"><span><strong>${r.target.name}</strong>${r.target.organization ? html` <span class="muted">${r.target.organization}</span>` : ''}${
    sender ? html`<span class="sender">from ${sender}</span>` : ''
  }</span> ${time(r.receivedAt)}</div>
<h3 id="${headingId}" dir="auto"><a href="/console/campaigns/${c.id}/replies/${r.id}">${r.subject || '(no subject)'}</a></h3>
<p class="snippet" dir="auto">${firstLines(r.text) || html`<span class="muted">(no text)</span>`}</p>
<p class="reply-marks">${kindPill(r.kind)} ${stancePill(r.stance)} ${publishedPill(r.published)}${
    r.attachments.length ? html` <span class="muted">${count(r.attachments.length, 'attachment')}</span>` : ''
  }</p>
</li>`;
}

/** Where the campaign stands with each official it wrote to: who has not answered, then who has. */
function answeredSection(c: CampaignView, summary: TargetReplySummary[]): SafeHtml {
  const base = `/console/campaigns/${c.id}`;
  const silent = summary.filter((t) => !t.responded);
  const answered = summary.filter((t) => t.responded);
  const official = (t: TargetReplySummary) =>
    html`<th scope="row"><a href="${base}/targets/${t.id}">${t.name}</a><span class="slug">${[t.title, t.organization].filter(Boolean).join(', ')}${t.status === 'withdrawn' ? ' · withdrawn' : ''}</span></th>`;
  if (!summary.length)
    return html`<section aria-labelledby="answers-h"><h2 id="answers-h">Who has answered</h2><p class="empty">No official is launched yet: once letters go, this says who answered them.</p></section>`;
  return html`<section aria-labelledby="answers-h">
<h2 id="answers-h">Who has answered</h2>
<p class="hint">Every official the campaign has launched. An automatic reply (out of office) is no answer.</p>
<h3 id="not-answered-h">Not answered: ${count(silent.length, 'official')} of ${num(summary.length)}</h3>
${
  silent.length
    ? html`<div class="scroll" tabindex="0" role="region" aria-labelledby="not-answered-h"><table class="list" id="not-answered">
<thead><tr><th scope="col">Official</th><th scope="col" class="num">Letters sent</th><th scope="col" class="num">Automatic replies</th></tr></thead>
<tbody>${silent.map((t) => html`<tr>${official(t)}<td class="num">${num(t.lettersSent)}</td><td class="num">${num(t.autoReplies)}</td></tr>`)}</tbody>
</table></div>`
    : html`<p class="empty">Every official written to has answered.</p>`
}
<h3 id="answered-h">Answered: ${count(answered.length, 'official')}</h3>
${
  answered.length
    ? html`<div class="scroll" tabindex="0" role="region" aria-labelledby="answered-h"><table class="list" id="answered">
<thead><tr><th scope="col">Official</th><th scope="col" class="num">Letters sent</th><th scope="col" class="num">Replies</th><th scope="col" class="num">Automatic replies</th><th scope="col">Last reply</th><th scope="col">Stance</th></tr></thead>
<tbody>${answered.map(
        (t) =>
          html`<tr>${official(t)}<td class="num">${num(t.lettersSent)}</td><td class="num"><a href="${base}/replies${repliesQuery({ targetId: t.id })}" aria-label="${count(t.replies, 'reply', 'replies')} from ${t.name}">${num(t.replies)}</a></td><td class="num">${num(t.autoReplies)}</td><td>${time(t.lastReplyAt)}</td><td>${t.stance ? stancePill(t.stance) : html`<span class="muted">not judged</span>`}</td></tr>`,
      )}</tbody>
</table></div>`
    : html`<p class="empty">Nobody has answered yet.</p>`
}
</section>`;
}

/**
 * The Replies tab: officials' answers to the campaign's letters, newest first, filtered by official
 * and kind, one page at a time (keyset); and who has answered, and who has not.
 */
export function campaignRepliesPage(
  ctx: ConsoleContext,
  c: CampaignView,
  data: {
    filters: FormValues;
    errors: FormErrors;
    items: ReplyView[];
    nextCursor: string | null;
    /** the replies not read yet, as the tab shows it ("3", "99+") */
    unclassified: string;
    summary: TargetReplySummary[];
  },
): string {
  const f = data.filters;
  const e = data.errors;
  const base = `/console/campaigns/${c.id}`;
  const emails = new Map(c.targets.map((t) => [t.id, t.email]));
  const filtered = !!(f.targetId || f.kind);
  const relaying = c.delivery.replies === 'relay';
  const targetOptions = [
    { value: '', label: 'Any official' },
    ...c.targets.map((t) => ({ value: t.id, label: `${t.name}${t.organization ? `, ${t.organization}` : ''}` })),
  ];
  const body = html`${campaignHeader(ctx, c, 'replies', { unclassified: data.unclassified })}
${
  relaying
    ? ''
    : html`<div class="notice">This campaign’s letters say <code>Reply-To</code> the supporter: officials’ answers go to the supporter, not here. Choose “Officials' replies: Through Appeals” in <a href="/console/campaigns/${c.id}/settings">Settings</a> to bring every answer to this inbox, from the next letter sent.</div>`
}
${errorSummary(e, REPLY_FILTER_LABELS)}
<section aria-labelledby="inbox-h">
<h2 id="inbox-h">${filtered ? 'Replies matching the filters' : 'Replies'}</h2>
<p class="hint">Officials’ answers to this campaign’s letters, newest first; times are UTC. ${
    data.unclassified === '0'
      ? 'Every reply from a person has been read.'
      : html`<strong>${data.unclassified} unclassified</strong>: open a reply to mark it an acknowledgement or a substantive answer, and to publish it.`
  }</p>
<form method="get" action="${base}/replies" class="search card" role="search" aria-label="Filter the replies" novalidate>
${select({ name: 'targetId', label: 'Official', noOptionalMark: true, value: f.targetId, error: e.targetId, options: targetOptions })}
${select({ name: 'kind', label: 'Kind', noOptionalMark: true, value: f.kind, error: e.kind, options: [{ value: '', label: 'Any kind' }, ...KINDS_IN_ORDER.map((k) => ({ value: k, label: KIND_LABELS[k] }))] })}
<button type="submit" class="secondary">Show replies</button>
</form>
${
  data.items.length
    ? html`<ol class="inbox" aria-labelledby="inbox-h">${data.items.map((r) => replyItem(c, r, emails))}</ol>`
    : html`<p class="empty">${filtered ? 'No reply matches these filters.' : f.cursor ? 'No older reply.' : 'No reply yet.'}</p>`
}
<p class="pager">${data.nextCursor ? html`<a href="${base}/replies${repliesQuery(f, data.nextCursor)}">Older replies</a>` : ''}${
    f.cursor ? html` <a href="${base}/replies${repliesQuery(f)}">Newest replies</a>` : ''
  }${filtered ? html` <a href="${base}/replies">Clear the filters</a>` : ''}</p>
</section>
${answeredSection(c, data.summary)}`;
  return consolePage(ctx, {
    title: `Replies · ${c.title}`,
    section: 'campaigns',
    hasErrors: Object.keys(e).length > 0,
    crumbs: campaignCrumbs(c).slice(0, 1),
    body,
  });
}

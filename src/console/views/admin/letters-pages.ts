import type { CampaignTargetView } from '../../../campaigns/campaigns.service.js';
import type { DeliveryDetail, DeliveryItem } from '../../../deliveries/dto/delivery-item.response.js';
import type { FailureGroup } from '../../../deliveries/dto/failures.response.js';
import { DELIVERY_STATUSES } from '../../../deliveries/delivery.entity.js';
import { RETRYABLE_STATUSES } from '../../../deliveries/failure-reason.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { errorSummary, linkButton, postButton, select, type FormErrors, type FormValues } from '../form-kit.js';
import { count, num, time } from '../format.js';
import { consolePage, type Crumb } from '../layout.js';

export const LETTER_FILTER_LABELS: Record<string, string> = { campaignId: 'Campaign', targetId: 'Official', status: 'Status', cursor: 'Page' };

export const LETTER_STATUS: Record<string, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  retrying: 'Retrying',
  failed: 'Failed',
  bounced: 'Bounced',
  cancelled: 'Cancelled',
};

const OUTCOMES: Record<string, string> = {
  sent: 'Accepted',
  temporary_failure: 'Temporary failure',
  permanent_failure: 'Refused',
  unreachable: 'No server answered',
  bounced: 'Bounced (reported later)',
  soft_bounce: 'Delayed (reported later)',
};

export const letterStatusPill = (status: string) => html`<span class="pill ${status}">${LETTER_STATUS[status] ?? status}</span>`;

export const isRetryable = (status: string) => (RETRYABLE_STATUSES as readonly string[]).includes(status);

export const lettersCrumbs = (extra: Crumb[] = []): Crumb[] => [{ href: '/console/letters', label: 'Letters' }, ...extra];

/** The filters as a query string (and a cursor), for links that keep them. */
export function lettersQuery(filters: FormValues, cursor?: string | null): string {
  const q = new URLSearchParams();
  for (const k of ['campaignId', 'targetId', 'status']) if (filters[k]) q.set(k, filters[k]!);
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The address of the confirmation page of "Retry all N" for one failure group. */
export const retryGroupHref = (g: Pick<FailureGroup, 'campaign' | 'reason'>) =>
  `/console/letters/retry-failed?${new URLSearchParams({ campaignId: g.campaign.id, reason: g.reason }).toString()}`;

function failuresSection(groups: FailureGroup[], campaignChosen: boolean): SafeHtml {
  if (!groups.length) return html`<p class="hint">No failed or bounced letter${campaignChosen ? ' in this campaign' : ''}.</p>`;
  return html`<div class="scroll" tabindex="0" role="region" aria-label="Failures by reason"><table class="list">
<caption class="visually-hidden">Failed and bounced letters, grouped by campaign and reason, largest groups first</caption>
<thead><tr><th scope="col">Campaign</th><th scope="col">Reason</th><th scope="col" class="num">Failed</th><th scope="col" class="num">Bounced</th><th scope="col">Latest</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${groups.map((g) => {
    const n = g.failed + g.bounced;
    return html`<tr>
<td><a href="/console/letters${lettersQuery({ campaignId: g.campaign.id, status: g.failed ? 'failed' : 'bounced' })}">${g.campaign.title}</a></td>
<td class="reason">${g.reason}</td>
<td class="num">${num(g.failed)}</td>
<td class="num">${num(g.bounced)}</td>
<td>${time(g.lastAt)}</td>
<td class="actions-cell">${linkButton(retryGroupHref(g), `Retry all ${num(n)}`, 'primary')}</td>
</tr>`;
  })}</tbody>
</table></div>`;
}

/**
 * Every letter, newest first, filtered by campaign, official and status, one page at a time; and
 * above them the failures grouped by reason, each with "Retry all N".
 */
export function lettersPage(
  ctx: ConsoleContext,
  data: {
    filters: FormValues;
    errors: FormErrors;
    campaigns: { id: string; title: string }[];
    targets: CampaignTargetView[] | null;
    items: DeliveryItem[];
    nextCursor: string | null;
    failures: FailureGroup[];
  },
): string {
  const f = data.filters;
  const e = data.errors;
  const targetOptions = [
    { value: '', label: 'Any official' },
    ...(data.targets ?? []).map((t) => ({ value: t.id, label: `${t.name}${t.organization ? `, ${t.organization}` : ''}` })),
  ];
  // an official given in the address (a link from a campaign's page) but not among the options: still shown as chosen
  if (f.targetId && !targetOptions.some((o) => o.value === f.targetId)) {
    targetOptions.push({ value: f.targetId, label: data.items.find((d) => d.target.id === f.targetId)?.target.name ?? 'The official chosen' });
  }
  const filtered = ['campaignId', 'targetId', 'status'].some((k) => f[k]);
  const rows = data.items.map(
    (d) => html`<tr>
<th scope="row"><a href="/console/letters/${d.id}">${time(d.queuedAt)}</a></th>
<td>${d.campaign.title}</td>
<td>${d.target.name}<span class="slug">${d.target.email}</span></td>
<td>${d.supporterName || html`<span class="muted">digest</span>`}</td>
<td>${letterStatusPill(d.status)}</td>
<td class="num">${num(d.attempts)}</td>
<td class="reason">${d.lastError ?? (d.status === 'sent' ? d.smtpResponse : '') ?? ''}</td>
</tr>`,
  );
  return consolePage(ctx, {
    title: 'Letters',
    section: 'letters',
    hasErrors: Object.keys(e).length > 0,
    body: html`<h1>Letters</h1>
<p class="hint">Every letter to an official, newest first. Open one for its SMTP attempts; a failed or bounced letter can be sent again once its cause is fixed. Times are UTC.</p>
${errorSummary(e, LETTER_FILTER_LABELS)}
<form method="get" action="/console/letters" class="search card" role="search" aria-label="Filter the letters" novalidate>
${select({ name: 'campaignId', label: 'Campaign', noOptionalMark: true, value: f.campaignId, error: e.campaignId, options: [{ value: '', label: 'All campaigns' }, ...data.campaigns.map((c) => ({ value: c.id, label: c.title }))] })}
${select({
  name: 'targetId',
  label: 'Official',
  noOptionalMark: true,
  value: f.targetId,
  error: e.targetId,
  options: targetOptions,
  hint: data.targets ? undefined : 'Choose a campaign and show its letters to pick one of its officials.',
})}
${select({ name: 'status', label: 'Status', noOptionalMark: true, value: f.status, error: e.status, options: [{ value: '', label: 'Any status' }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: LETTER_STATUS[s] }))] })}
<button type="submit" class="secondary">Show letters</button>
</form>
<section aria-labelledby="failures-h">
<h2 id="failures-h">Failures by reason</h2>
${failuresSection(data.failures, !!f.campaignId)}
</section>
<section aria-labelledby="letters-h">
<h2 id="letters-h">${filtered ? 'Letters matching the filters' : 'All letters'}</h2>
${
  data.items.length
    ? html`<div class="scroll" tabindex="0" role="region" aria-label="Letters"><table class="list">
<caption class="visually-hidden">Letters, newest first</caption>
<thead><tr><th scope="col">Owed since</th><th scope="col">Campaign</th><th scope="col">Official</th><th scope="col">Supporter</th><th scope="col">Status</th><th scope="col" class="num">Attempts</th><th scope="col">Last answer</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
    : html`<p class="empty">${filtered ? 'No letter matches these filters.' : 'No letter yet.'}</p>`
}
<p class="pager">${data.nextCursor ? html`<a href="/console/letters${lettersQuery(f, data.nextCursor)}">Older letters</a>` : ''}${filtered ? html` <a href="/console/letters">Clear the filters</a>` : ''}</p>
</section>`,
  });
}

/** One letter: where it stands, every SMTP attempt with the server's answer, the staff actions on it. */
export function letterPage(ctx: ConsoleContext, d: DeliveryDetail): string {
  const retry = isRetryable(d.status)
    ? html`<section class="card" aria-labelledby="retry-h">
<h2 id="retry-h">Send it again</h2>
<p>It goes back to the queue with a fresh set of attempts; the history below keeps the earlier ones, and the Message-ID stays the same. Fix the cause first (the address, the server's policy), or it fails again.</p>
${postButton(ctx, `/console/letters/${d.id}/retry`, 'Retry', { kind: 'primary' })}
</section>`
    : '';
  return consolePage(ctx, {
    title: `Letter to ${d.target.name}`,
    section: 'letters',
    crumbs: lettersCrumbs(),
    body: html`<div class="heading"><h1>Letter to ${d.target.name} <span class="sub">${d.campaign.title}</span></h1>${letterStatusPill(d.status)}</div>
<dl class="meta">
<dt>Status</dt><dd>${LETTER_STATUS[d.status] ?? d.status}${d.attempts ? ` after ${count(d.attempts, 'attempt')}` : ''}</dd>
<dt>Official</dt><dd>${d.target.name}${d.target.organization ? `, ${d.target.organization}` : ''} &lt;${d.target.email}&gt;</dd>
<dt>Supporter</dt><dd>${d.supporterName || 'none: a digest letter, listing the signatories of its period'}</dd>
<dt>Campaign</dt><dd><a href="/console/campaigns/${d.campaign.id}">${d.campaign.title}</a> <span class="slug">/c/${d.campaign.slug}</span></dd>
<dt>Message-ID</dt><dd><code>${d.messageId ?? '—'}</code></dd>
<dt>Owed since</dt><dd>${time(d.queuedAt)}</dd>
<dt>Last taken by a worker</dt><dd>${time(d.claimedAt)}</dd>
<dt>Sent</dt><dd>${time(d.sentAt)}</dd>
<dt>Last change</dt><dd>${time(d.updatedAt)}</dd>
${d.lastError ? html`<dt>Last error</dt><dd class="reason">${d.lastError}</dd>` : ''}
${d.smtpResponse ? html`<dt>Server's answer</dt><dd class="reason">${d.smtpResponse}</dd>` : ''}
</dl>
${retry}
<section aria-labelledby="history-h">
<h2 id="history-h">SMTP attempts</h2>
${
  d.history.length
    ? html`<div class="scroll" tabindex="0" role="region" aria-label="SMTP attempts"><table class="list">
<caption class="visually-hidden">Every SMTP attempt at this letter, oldest first</caption>
<thead><tr><th scope="col" class="num">Attempt</th><th scope="col">Started</th><th scope="col">Outcome</th><th scope="col">Server's answer</th><th scope="col" class="num">Duration</th></tr></thead>
<tbody>${d.history.map(
        (h) => html`<tr>
<td class="num">${num(h.attempt)}</td>
<td>${time(h.startedAt)}</td>
<td>${OUTCOMES[h.outcome] ?? h.outcome}</td>
<td class="reason">${h.response ?? '—'}</td>
<td class="num">${num(h.durationMs)} ms</td>
</tr>`,
      )}</tbody>
</table></div>`
    : html`<p class="empty">No attempt yet.</p>`
}
<p class="hint">The attempt number starts again at 1 after a retry.</p>
</section>
<section aria-labelledby="staff-h">
<h2 id="staff-h">Staff actions</h2>
${
  d.auditTrail.length
    ? html`<ul>${d.auditTrail.map((a) => html`<li>${time(a.at)}: <code>${a.action}</code> by ${a.actorEmail ?? 'the system'}</li>`)}</ul>`
    : html`<p class="empty">None.</p>`
}
</section>`,
  });
}

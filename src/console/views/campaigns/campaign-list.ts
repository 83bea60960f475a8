import type { CampaignView } from '../../../campaigns/campaigns.service.js';
import type { CampaignStats } from '../../../deliveries/dto/stats.response.js';
import { html } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { linkButton } from '../form-kit.js';
import { count, duration, num, progress, statusPill } from '../format.js';
import { consolePage } from '../layout.js';

/** Letters owed in all: every status but cancelled. */
export const owedOf = (d: CampaignStats['deliveries']) => d.queued + d.sending + d.sent + d.retrying + d.failed + d.bounced;

/** The campaigns, newest first: where each stands, at a glance. */
export function campaignListPage(
  ctx: ConsoleContext,
  items: { campaign: CampaignView; stats: CampaignStats | undefined }[],
  nextCursor: string | null,
): string {
  const rows = items.map(({ campaign: c, stats: s }) => {
    const d = s?.deliveries;
    const owed = d ? owedOf(d) : 0;
    const age = s?.oldestUnsentAgeSeconds ?? null;
    return html`<tr>
<th scope="row"><a href="/console/campaigns/${c.id}">${c.title}</a><span class="slug">/c/${c.slug}</span></th>
<td>${statusPill(c.status)}</td>
<td class="num">${num(c.counts.confirmed)}</td>
<td class="num">${num(c.counts.pending)}</td>
<td>${owed ? progress(d!.sent, owed, `Letters sent of ${num(owed)} owed`) : html`<span class="muted">none owed yet</span>`}</td>
<td class="num${d && d.failed + d.bounced ? ' bad' : ''}">${num((d?.failed ?? 0) + (d?.bounced ?? 0))}</td>
<td>${age === null ? html`<span class="muted">—</span>` : html`<span class="${age > 900 ? 'late' : ''}">${duration(age)}</span>`}</td>
</tr>`;
  });
  return consolePage(ctx, {
    title: 'Campaigns',
    section: 'campaigns',
    body: html`<div class="heading"><h1>Campaigns</h1>${linkButton('/console/campaigns/new', 'New campaign', 'primary')}</div>
${
  items.length
    ? html`<div class="scroll"><table class="list">
<caption class="visually-hidden">Campaigns, newest first</caption>
<thead><tr><th scope="col">Campaign</th><th scope="col">Status</th><th scope="col" class="num">Confirmed</th><th scope="col" class="num">Pending</th><th scope="col">Letters sent of owed</th><th scope="col" class="num">Failed</th><th scope="col">Oldest unsent</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
${nextCursor ? html`<p class="pager"><a href="/console/campaigns?cursor=${encodeURIComponent(nextCursor)}">Older campaigns</a></p>` : ''}`
    : html`<div class="empty-state card"><h2>No campaigns yet</h2><p>A campaign is a page supporters sign and a letter that goes, in each signer's name, to the officials you choose. Start with the campaign, then add its officials from the directory.</p>${linkButton('/console/campaigns/new', 'New campaign', 'primary')}</div>`
}
<p class="hint">${count(items.length, 'campaign')} shown. Failed counts letters refused or bounced; the oldest unsent letter turns red after 15 minutes.</p>`,
  });
}

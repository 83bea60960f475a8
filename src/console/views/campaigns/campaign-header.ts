import type { CampaignView } from '../../../campaigns/campaigns.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { linkButton } from '../form-kit.js';
import { statusPill } from '../format.js';
import type { Crumb } from '../layout.js';

export type CampaignTab = 'overview' | 'letter' | 'targets' | 'replies' | 'review' | 'settings';

const TABS: { tab: CampaignTab; label: string; path: string }[] = [
  { tab: 'overview', label: 'Overview', path: '' },
  { tab: 'letter', label: 'Letter', path: '/letter' },
  { tab: 'targets', label: 'Targets', path: '/targets' },
  { tab: 'replies', label: 'Replies', path: '/replies' },
  { tab: 'review', label: 'Review', path: '/review' },
  { tab: 'settings', label: 'Settings', path: '/settings' },
];

export const campaignCrumbs = (c: { id: string; title: string }, more: Crumb[] = []): Crumb[] => [
  { href: '/console/campaigns', label: 'Campaigns' },
  { href: `/console/campaigns/${c.id}`, label: c.title },
  ...more,
];

/** The status actions a campaign in this state offers (each opens a page that says what it will do). */
export function statusActions(c: Pick<CampaignView, 'id' | 'status'>): SafeHtml {
  const base = `/console/campaigns/${c.id}`;
  switch (c.status) {
    case 'draft':
      return html`${linkButton(`${base}/launch`, 'Launch', 'primary')}`;
    case 'live':
      return html`${linkButton(`${base}/pause`, 'Pause')} ${linkButton(`${base}/close`, 'Close', 'danger')}`;
    case 'paused':
      return html`${linkButton(`${base}/resume`, 'Resume', 'primary')} ${linkButton(`${base}/close`, 'Close', 'danger')}`;
    default:
      return html``;
  }
}

/**
 * The top of every page of one campaign: its title and state, its actions, and its tabs.
 * `unclassified`: the replies not read yet ("3", "99+"), shown on the Replies tab when given. The
 * Review tab always shows how many signatures wait for review.
 */
export function campaignHeader(ctx: ConsoleContext, c: CampaignView, tab: CampaignTab, opts: { unclassified?: string } = {}): SafeHtml {
  const base = `/console/campaigns/${c.id}`;
  const publicLink = `${ctx.publicUrl}/c/${c.slug}`;
  return html`<div class="campaign-head">
<div class="heading">
<h1 dir="auto">${c.title} ${statusPill(c.status)}</h1>
<div class="actions">${statusActions(c)} <a class="button secondary" href="${base}/page">Preview the page</a></div>
</div>
<p class="hint">${c.status === 'draft' ? html`Supporters cannot see it yet: it will be at <code>${publicLink}</code>.` : html`<a href="${publicLink}">${publicLink}</a>`}</p>
<nav class="tabs" aria-label="This campaign"><ul>
${TABS.map((t) => html`<li><a href="${base}${t.path}"${t.tab === tab ? html` aria-current="page"` : ''}>${t.label}${t.tab === 'replies' ? tabCount(opts.unclassified, 'unclassified') : t.tab === 'review' ? tabCount(String(c.awaitingReview ?? 0), 'waiting') : ''}</a></li>`)}
</ul></nav>
</div>`;
}

/** "Replies 3": a number on a tab (replies not read yet, signatures waiting for review), read out as "3 unclassified". */
const tabCount = (n: string | undefined, what: string) =>
  n && n !== '0' ? html` <span class="tab-count">${n}<span class="visually-hidden"> ${what}</span></span>` : '';

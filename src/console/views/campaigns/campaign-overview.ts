import type { CampaignView } from '../../../campaigns/campaigns.service.js';
import type { CampaignForecast } from '../../../campaigns/dto/drain-forecast.dto.js';
import type { CampaignLetters } from '../../../deliveries/dto/campaign-letters.response.js';
import type { CampaignStats } from '../../../deliveries/dto/stats.response.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { select } from '../form-kit.js';
import { count, duration, num, progress, time, when } from '../format.js';
import { consolePage } from '../layout.js';
import { owedOf } from './campaign-list.js';
import { campaignCrumbs, campaignHeader } from './campaign-header.js';

/** The snippet a partner site pastes to carry its own signing form (the public API, with CORS). */
export function embedSnippet(publicUrl: string, slug: string): string {
  const url = `${publicUrl}/api/public/campaigns/${slug}/signatures`;
  return `<form id="appeal">
  <label>First name <input name="firstName" required></label> <label>Last name <input name="lastName" required></label>
  <label>Email <input name="email" type="email" required></label> <label>Country <input name="country" placeholder="LB" required></label>
  <button>Sign the appeal</button> <output></output>
</form>
<script type="module">
  const form = document.getElementById('appeal'), url = '${url}';
  form.onsubmit = async (e) => { e.preventDefault(); const body = JSON.stringify({ ...Object.fromEntries(new FormData(form)), source: 'embed' });
    const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }), j = await r.json();
    form.querySelector('output').textContent = r.ok ? 'Thank you! Check your email to confirm.' : [].concat(j.message).join(' '); };
</script>`;
}

function tiles(c: CampaignView, s: CampaignStats | undefined): SafeHtml {
  const d = s?.deliveries;
  const owed = d ? owedOf(d) : 0;
  const failed = (d?.failed ?? 0) + (d?.bounced ?? 0);
  const waiting = (d?.queued ?? 0) + (d?.sending ?? 0) + (d?.retrying ?? 0);
  const age = s?.oldestUnsentAgeSeconds ?? null;
  return html`<dl class="tiles">
<div class="${c.counts.confirmed ? 'ok' : ''}"><dt>Confirmed signatures</dt><dd>${num(c.counts.confirmed)}</dd>${c.signatureGoal ? html`<dd class="sub">${progress(c.counts.confirmed, c.signatureGoal, 'Toward the goal')}</dd>` : ''}</div>
<div><dt>Awaiting confirmation</dt><dd>${num(c.counts.pending)}</dd></div>
${personalTile(c)}
<div><dt>Letters sent</dt><dd>${num(d?.sent ?? 0)}</dd><dd class="sub">of ${count(owed, 'letter')} owed</dd></div>
<div class="${waiting ? 'warn' : ''}"><dt>Waiting to go</dt><dd>${num(waiting)}</dd><dd class="sub">${age === null ? 'nothing unsent' : html`oldest ${duration(age)} old`}</dd></div>
<div class="${failed ? 'bad' : ''}"><dt>Failed or bounced</dt><dd>${num(failed)}</dd></div>
<div><dt>Sent, last hour</dt><dd>${num(s?.sentLastHour ?? 0)}</dd></div>
</dl>`;
}

/** How many confirmed signatures carry the supporter's own words: officials answer personal letters. */
function personalTile(c: CampaignView): SafeHtml {
  const { personal, total } = c.personalisation;
  const share = total ? Math.round((personal / total) * 100) : 0;
  return html`<div class="personal"><dt>In their own words</dt><dd>${num(personal)}</dd><dd class="sub">${
    total
      ? `${share}% of ${count(total, 'letter')}: ${c.letterEditing === 'body' ? 'rewritten or with a message' : 'with a message'}`
      : 'no confirmed signature yet'
  }</dd></div>`;
}

export function campaignOverviewPage(
  ctx: ConsoleContext,
  c: CampaignView,
  data: { stats: CampaignStats | undefined; letters: CampaignLetters; forecast: CampaignForecast },
): string {
  const byTarget = new Map(data.letters.targets.map((t) => [t.targetId, t]));
  const forecasts = new Map(data.forecast.targets.map((t) => [t.targetId, t]));
  const link = `${ctx.publicUrl}/c/${c.slug}`;
  const snippet = embedSnippet(ctx.publicUrl, c.slug);
  const body = html`${campaignHeader(ctx, c, 'overview')}
${c.status === 'draft' ? html`<div class="notice">This campaign is a draft: write its letter, attach and launch its targets, then launch it. <a href="/console/campaigns/${c.id}/page">Preview its page</a> as supporters will see it.</div>` : ''}
${c.status === 'paused' ? html`<div class="notice warn">Paused: the page takes no signatures and every unsent letter is held until you resume.</div>` : ''}
<section aria-labelledby="figures-h"><h2 id="figures-h" class="visually-hidden">Figures</h2>${tiles(c, data.stats)}</section>
${data.forecast.warnings.length ? html`<div class="notice bad" role="status"><ul>${data.forecast.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
<section aria-labelledby="ov-targets-h">
<div class="heading"><h2 id="ov-targets-h">Targets</h2><a class="button secondary" href="/console/campaigns/${c.id}/targets">Manage targets</a></div>
${
  c.targets.length
    ? html`<div class="scroll"><table class="list">
<thead><tr><th scope="col">Official</th><th scope="col">Status</th><th scope="col">Letters sent of owed</th><th scope="col" class="num">Failed</th><th scope="col">Last letter goes</th></tr></thead>
<tbody>${c.targets.map((t) => {
        const l = byTarget.get(t.id);
        const f = forecasts.get(t.id);
        const failed = (l?.counts.failed ?? 0) + (l?.counts.bounced ?? 0);
        return html`<tr><th scope="row"><a href="/console/campaigns/${c.id}/targets/${t.id}">${t.name}</a><span class="slug">${t.title}${t.organization ? `, ${t.organization}` : ''}</span></th>
<td>${t.status}${t.failingSince ? html` <span class="pill bad">address failing</span>` : ''}</td>
<td>${l?.owed ? progress(l.counts.sent, l.owed, `Letters to ${t.name} sent`) : html`<span class="muted">none owed yet</span>`}</td>
<td class="num${failed ? ' bad' : ''}">${num(failed)}</td>
<td>${f ? (f.heldBecause ? html`held: ${f.heldBecause}` : f.backlog === 0 ? 'nothing waiting' : f.projectedDrainAt ? when(f.projectedDrainAt) : 'unknown yet') : '—'}</td></tr>`;
      })}</tbody></table></div>`
    : html`<p class="empty">No targets yet. <a href="/console/campaigns/${c.id}/targets">Attach officials from the directory</a>.</p>`
}
</section>
${signaturesExport(c)}
<section aria-labelledby="share-h" class="card">
<h2 id="share-h">Sharing</h2>
<p>${c.counts.confirmed ? `${count(c.counts.confirmed, 'person has', 'people have')} signed and confirmed.` : 'Nobody has signed yet.'}${c.endsAt ? html` The campaign ends ${time(c.endsAt)}.` : ''}</p>
<div class="field"><label for="share-link">The campaign page</label>
<div class="copy-row"><input id="share-link" type="url" value="${link}" readonly><button type="button" class="secondary" data-copy="share-link">Copy link</button></div>
<p class="hint">Add <code>?source=newsletter</code> (or any tag) to a link to see where signatures come from.</p></div>
<div class="field"><label for="share-embed">Sign from your own site</label>
<p class="hint" id="share-embed-hint">Paste this into a page of a partner site. That site's address must be in <code>PUBLIC_CORS_ORIGINS</code>.</p>
<textarea id="share-embed" rows="10" readonly aria-describedby="share-embed-hint" class="code">${snippet}</textarea>
<button type="button" class="secondary" data-copy="share-embed">Copy snippet</button></div>
</section>`;
  return consolePage(ctx, { title: c.title, section: 'campaigns', crumbs: campaignCrumbs(c).slice(0, 1), body });
}

/** The signatories as a CSV file for the organisation's CRM (the API's export, audited), narrowed by status and consent. */
function signaturesExport(c: CampaignView): SafeHtml {
  return html`<section aria-labelledby="export-h" class="card">
<h2 id="export-h">Signatures</h2>
<p class="hint">A CSV file of the signatories: name, email, country, postcode, message, source, when they signed and confirmed, their language, and whether they agreed to hear from you again, in the words they saw${
    c.optIn.enabled ? '' : ' (this campaign does not ask: turn it on in Settings)'
  }, and the letter in their own words where they rewrote it. Each download is recorded in the audit log.</p>
<form method="get" action="/api/campaigns/${c.id}/signatures" class="inline-fields">
<input type="hidden" name="format" value="csv">
${select({
  name: 'status',
  label: 'Signatures',
  value: 'confirmed',
  noOptionalMark: true,
  options: [
    { value: 'confirmed', label: 'Confirmed' },
    { value: 'pending', label: 'Waiting for confirmation' },
    { value: 'withdrawn', label: 'Withdrawn' },
  ],
})}
${select({
  name: 'optIn',
  label: 'Consent to further contact',
  value: '',
  noOptionalMark: true,
  options: [
    { value: '', label: 'Everyone' },
    { value: 'true', label: 'Only those who agreed' },
    { value: 'false', label: 'Only those who did not' },
  ],
})}
<button type="submit" class="secondary">Download CSV</button>
</form>
</section>`;
}

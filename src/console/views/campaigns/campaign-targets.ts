import type { CampaignTargetView, CampaignView } from '../../../campaigns/campaigns.service.js';
import type { CampaignForecast, TargetForecast } from '../../../campaigns/dto/drain-forecast.dto.js';
import type { CampaignLetters, TargetLetters } from '../../../deliveries/dto/campaign-letters.response.js';
import type { Target } from '../../../targets/target.entity.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { csrfField, input, linkButton, postButton, type FormErrors, type FormValues } from '../form-kit.js';
import { count, duration, num, progress, time, when } from '../format.js';
import { consolePage } from '../layout.js';
import { audienceControls, audienceText, audienceValues, formProblems } from './audience-controls.js';
import { bulkAttachSection, type BulkAttachForm } from './bulk-attach.js';
import { campaignCrumbs, campaignHeader } from './campaign-header.js';
import { recipientsCheckSection, type RecipientsCheck } from './recipients-check.js';

const TARGET_STATUS: Record<string, string> = { pending: 'Attached, not launched', launched: 'Launched', withdrawn: 'Withdrawn' };

export const targetStatusPill = (t: Pick<CampaignTargetView, 'status' | 'failingSince'>) =>
  html`<span class="pill ${t.status}">${TARGET_STATUS[t.status] ?? t.status}</span>${t.failingSince ? html` <span class="pill bad">address failing</span>` : ''}`;

/** The actions one attached official offers: launch a pending one, withdraw, attach a withdrawn one again. */
function targetActions(ctx: ConsoleContext, c: CampaignView, t: CampaignTargetView): SafeHtml {
  if (c.status === 'closed') return html``;
  const base = `/console/campaigns/${c.id}/targets/${t.id}`;
  if (t.status === 'withdrawn') return postButton(ctx, `/console/campaigns/${c.id}/targets`, 'Attach again', { fields: { targetId: t.id } });
  return html`${t.status === 'pending' ? linkButton(`${base}/launch`, 'Launch', 'primary') : ''} ${linkButton(`${base}/withdraw`, 'Withdraw', 'danger')}`;
}

/** How far one official's letters have gone, and when the last one can go. */
/** After a bulk attach: one button launches every official still pending (each as its own Launch would). */
function launchPendingForm(ctx: ConsoleContext, c: CampaignView): SafeHtml | string {
  const pending = c.targets.filter((t) => t.status === 'pending').length;
  if (pending < 2 || c.status === 'closed') return '';
  return html`<div class="launch-pending"><p class="hint" id="launch-pending-hint">${pending} officials are attached but not launched. Launching them owes each a letter from every confirmed signature, past and future, whose supporter their audience includes.</p>
${postButton(ctx, `/console/campaigns/${c.id}/targets/launch-pending`, `Launch the ${pending} pending officials`, { kind: 'primary', describedBy: 'launch-pending-hint' })}</div>`;
}

export function forecastText(f: TargetForecast | undefined): string {
  if (!f) return '—';
  if (f.heldBecause) return `Held: ${f.heldBecause}`;
  if (f.backlog === 0) return 'Nothing waiting';
  if (f.projectedDrainAt)
    return `${count(f.backlog, 'letter')} waiting; the last can go ${when(f.projectedDrainAt)}${f.maxPerHour ? ` (${num(f.maxPerHour)} an hour)` : ''}`;
  return `${count(f.backlog, 'letter')} waiting; nothing sent in the last hour to project from`;
}

function lettersCell(t: CampaignTargetView, l: TargetLetters | undefined): SafeHtml {
  if (!l?.owed) return html`<span class="muted">none owed yet</span>`;
  const failed = l.counts.failed + l.counts.bounced;
  return html`${progress(l.counts.sent, l.owed, `Letters to ${t.name} sent`)}${failed ? html`<span class="bad">${count(failed, 'letter')} failed or bounced</span>` : ''}`;
}

/**
 * A form's first submit button is the one Enter in a text box presses: in the attach form, whose
 * buttons each attach one official, a disabled one first makes Enter attach nobody.
 */
const NO_IMPLICIT_SUBMIT = html`<button type="submit" hidden disabled>Attach</button>`;

/** A form of the page shown again with what was typed and what was wrong with it. */
export interface FormAgain {
  values: FormValues;
  errors: FormErrors;
}

/**
 * A campaign's officials: each with whose letters it receives, where its letters stand, its
 * forecast and its actions; the directory searched (as one types, or with the Search button) to
 * attach more, with an audience; many attached at once by tag, country or organization; and
 * "who receives a letter from…" a country.
 */
export function campaignTargetsPage(
  ctx: ConsoleContext,
  c: CampaignView,
  data: {
    letters: CampaignLetters;
    forecast: CampaignForecast;
    q: string;
    results: Target[] | null;
    knownTags: readonly string[];
    attach?: FormAgain;
    bulk?: BulkAttachForm;
    recipients: RecipientsCheck | null;
  },
): string {
  const letters = new Map(data.letters.targets.map((t) => [t.targetId, t]));
  const forecasts = new Map(data.forecast.targets.map((t) => [t.targetId, t]));
  const attached = new Set(c.targets.filter((t) => t.status !== 'withdrawn').map((t) => t.id));
  const base = `/console/campaigns/${c.id}`;
  const results = data.results;
  const body = html`${campaignHeader(ctx, c, 'targets')}
${data.forecast.warnings.length ? html`<div class="notice bad"><ul>${data.forecast.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
<section aria-labelledby="attached-h">
<h2 id="attached-h">Officials of this campaign</h2>
<p class="hint">An attached official gets letters once launched: from every signature confirmed before and after whose supporter their audience includes. Withdrawing one cancels the letters not yet sent to them.</p>
${
  c.targets.length
    ? html`<div class="scroll"><table class="list">
<thead><tr><th scope="col">Official</th><th scope="col">Status</th><th scope="col">Letters sent of owed</th><th scope="col">Forecast</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${c.targets.map(
        (t) => html`<tr>
<th scope="row"><a href="${base}/targets/${t.id}">${t.name}</a><span class="slug">${[t.title, t.organization].filter(Boolean).join(', ')} · ${t.locale}</span></th>
<td>${targetStatusPill(t)}<span class="audience">${audienceText(t)}</span></td>
<td>${lettersCell(t, letters.get(t.id))}</td>
<td>${t.status === 'launched' ? forecastText(forecasts.get(t.id)) : '—'}</td>
<td class="actions-cell">${targetActions(ctx, c, t)}</td>
</tr>`,
      )}</tbody></table></div>${launchPendingForm(ctx, c)}`
    : html`<p class="empty">No official yet: search the directory below.</p>`
}
</section>
${
  c.status === 'closed'
    ? ''
    : html`<section aria-labelledby="attach-h" class="card">
<h2 id="attach-h">Attach officials from the directory</h2>
<form method="get" action="${base}/targets" class="search" role="search" data-live-search="target-results">
${input({ name: 'q', label: 'Search the directory', value: data.q, hint: 'Name, organization or country', noOptionalMark: true, attrs: html` type="search" autocomplete="off"` })}
<button type="submit" class="secondary">Search</button>
</form>
${data.attach ? formProblems('attach', data.attach.errors) : ''}
<form method="post" action="${base}/targets" id="attach-form" novalidate>
${csrfField(ctx)}
${NO_IMPLICIT_SUBMIT}
${audienceControls({ prefix: 'attach', legend: 'Whose letters the officials you attach receive', values: data.attach?.values ?? {}, errors: data.attach?.errors })}
<div id="target-results" aria-live="polite">
<input type="hidden" name="q" value="${data.q}">
${
  results === null
    ? html`<p class="hint">Type a name, an organization or a country code. <a href="/console/targets">Open the directory</a> to add officials or import them from a spreadsheet.</p>`
    : results.length
      ? html`<ul class="results">${results.map(
          (t) =>
            html`<li><span><strong>${t.name}</strong> <span class="slug">${[t.title, t.organization, t.country].filter(Boolean).join(', ')} · ${t.locale}</span></span>${
              attached.has(t.id)
                ? html`<span class="pill ok">attached</span>`
                : !t.active
                  ? html`<span class="pill">deactivated</span>`
                  : html`<button type="submit" class="secondary" name="targetId" value="${t.id}" aria-label="Attach ${t.name}">Attach</button>`
            }</li>`,
        )}</ul>`
      : html`<p>No official in the directory matches “${data.q}”. <a href="/console/targets/new">Add one</a>.</p>`
}
</div>
</form>
</section>
${bulkAttachSection(ctx, `${base}/targets/bulk`, data.knownTags, data.bulk)}`
}
${recipientsCheckSection(c, data.q, data.recipients)}`;
  return consolePage(ctx, { title: `Targets · ${c.title}`, section: 'campaigns', crumbs: campaignCrumbs(c).slice(0, 1), body });
}

/** Whose letters an official receives, and (while they can still be owed letters) the form that changes it. */
function audienceSection(ctx: ConsoleContext, c: CampaignView, t: CampaignTargetView, form: FormAgain | undefined): SafeHtml {
  const change =
    c.status === 'closed'
      ? html`<p class="hint">The campaign is closed: no letter will be owed any more.</p>`
      : t.status === 'withdrawn'
        ? html`<p class="hint">Withdrawn: attach them again to choose whose letters they receive.</p>`
        : html`${form ? formProblems('', form.errors) : ''}
<form method="post" action="/console/campaigns/${c.id}/targets/${t.id}/audience" novalidate>
${csrfField(ctx)}
${audienceControls({ prefix: '', legend: 'Change whose letters they receive', values: form?.values ?? audienceValues(t.audience), errors: form?.errors, hint: 'Letters already owed stay owed: the new audience decides for the signatures confirmed from now on.' })}
<button type="submit" class="primary">Save audience</button>
</form>`;
  return html`<section aria-labelledby="audience-h" class="card">
<h2 id="audience-h">Whose letters they receive</h2>
${change}
</section>`;
}

/** One official of one campaign: whose letters they receive, their letters by status, why some failed, the forecast, the proof of delivery. */
export function campaignTargetPage(
  ctx: ConsoleContext,
  c: CampaignView,
  t: CampaignTargetView,
  data: { letters: TargetLetters | undefined; forecast: TargetForecast | undefined; audience?: FormAgain },
): string {
  const l = data.letters;
  const f = data.forecast;
  const counts = l?.counts;
  const waiting = counts ? counts.queued + counts.sending + counts.retrying : 0;
  const body = html`<div class="heading"><h1>${t.name} <span class="sub">${c.title}</span></h1><div class="actions">${targetActions(ctx, c, t)}</div></div>
<dl class="meta">
<dt>Title</dt><dd>${t.title || '—'}</dd>
<dt>Organization</dt><dd>${t.organization || '—'}</dd>
<dt>Country</dt><dd>${t.country ?? '—'}</dd>
<dt>Address</dt><dd>${t.email}</dd>
<dt>Language</dt><dd>${t.locale}</dd>
<dt>Status</dt><dd>${targetStatusPill(t)}</dd>
<dt>Audience</dt><dd>${audienceText(t)}</dd>
<dt>Attached</dt><dd>${time(t.attachedAt)}</dd>
${t.launchedAt ? html`<dt>Launched</dt><dd>${time(t.launchedAt)}${t.status === 'launched' && !t.backfilledAt ? ' (letters for earlier signatures are being created)' : ''}</dd>` : ''}
${t.withdrawnAt ? html`<dt>Withdrawn</dt><dd>${time(t.withdrawnAt)}</dd>` : ''}
${t.digestSince ? html`<dt>Digest letters since</dt><dd>${time(t.digestSince)}</dd>` : ''}
</dl>
${t.failingSince ? html`<div class="notice bad">This address is failing since ${when(t.failingSince)} (hard bounces): its letters are held until the address is fixed and cleared in the <a href="/console/targets/${t.id}">directory</a>.</div>` : ''}
<section aria-labelledby="letters-h">
<h2 id="letters-h">Letters</h2>
<dl class="tiles">
<div><dt>Owed</dt><dd>${num(l?.owed ?? 0)}</dd></div>
<div class="${counts?.sent ? 'ok' : ''}"><dt>Sent</dt><dd>${num(counts?.sent ?? 0)}</dd></div>
<div class="${waiting ? 'warn' : ''}"><dt>Waiting</dt><dd>${num(waiting)}</dd></div>
<div class="${counts?.failed ? 'bad' : ''}"><dt>Failed</dt><dd>${num(counts?.failed ?? 0)}</dd></div>
<div class="${counts?.bounced ? 'bad' : ''}"><dt>Bounced</dt><dd>${num(counts?.bounced ?? 0)}</dd></div>
<div><dt>Cancelled</dt><dd>${num(counts?.cancelled ?? 0)}</dd></div>
</dl>
${
  l?.failures.length
    ? html`<h3>Why letters failed</h3><div class="scroll"><table class="list">
<thead><tr><th scope="col">Reason</th><th scope="col" class="num">Failed</th><th scope="col" class="num">Bounced</th><th scope="col">Latest</th></tr></thead>
<tbody>${l.failures.map((r) => html`<tr><td class="reason">${r.reason}</td><td class="num">${num(r.failed)}</td><td class="num">${num(r.bounced)}</td><td>${time(r.lastAt)}</td></tr>`)}</tbody>
</table></div>${ctx.staff.role === 'admin' ? html`<p><a href="/console/letters?campaignId=${c.id}&amp;targetId=${t.id}&amp;status=failed">See these letters and retry them</a></p>` : html`<p class="hint">An admin can retry failed letters once the cause is fixed.</p>`}`
    : ''
}
</section>
${audienceSection(ctx, c, t, data.audience)}
${
  t.status === 'launched'
    ? html`<section aria-labelledby="pace-h" class="card">
<h2 id="pace-h">Pacing and forecast</h2>
<p>${forecastText(f)}.</p>
${
  f
    ? html`<dl class="meta">
<dt>Letters per hour</dt><dd>${f.maxPerHour ? `${num(f.maxPerHour)} (shared by every paced campaign writing to this address)` : 'not paced'}</dd>
${f.maxPerHour ? html`<dt>Used this hour</dt><dd>${f.sentThisWindow === null ? 'unknown' : num(f.sentThisWindow)}</dd>` : ''}
<dt>Sent in the last hour</dt><dd>${num(f.sentLastHour)}</dd>
${f.backlog > 0 && f.projectedSeconds !== null ? html`<dt>Projected</dt><dd>${duration(f.projectedSeconds)} from now</dd>` : ''}
</dl>${f.warning ? html`<p class="notice bad">${f.warning}</p>` : ''}`
    : ''
}
</section>`
    : ''
}
<section aria-labelledby="proof-h" class="card">
<h2 id="proof-h">Proof of delivery</h2>
<p>Every letter delivered to ${t.name} (accepted by their mail server and not reported undeliverable since), one line per signatory: when, the supporter's name and country, the Message-ID the office received. For the official's office, or a press release.</p>
<p><a class="button secondary" href="/api/campaigns/${c.id}/targets/${t.id}/receipt?format=csv" download>Download proof of delivery (CSV)</a></p>
</section>`;
  return consolePage(ctx, {
    title: `${t.name} · ${c.title}`,
    section: 'campaigns',
    crumbs: campaignCrumbs(c, [{ href: `/console/campaigns/${c.id}/targets`, label: 'Targets' }]),
    body,
  });
}

import type { ImportReport } from '../../../targets/dto/import-report.dto.js';
import { timeZoneOf } from '../../../common/time-zone.js';
import type { Target } from '../../../targets/target.entity.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { csrfField, errorSummary, input, linkButton, postButton, select, type FormErrors, type FormValues } from '../form-kit.js';
import { count, num, statusPill, time } from '../format.js';
import { consolePage } from '../layout.js';

export const TARGET_LABELS: Record<string, string> = {
  name: 'Name',
  title: 'Title',
  organization: 'Organization',
  country: 'Country',
  email: 'Email',
  locale: 'Locale',
  timeZone: 'Time zone',
  tags: 'Tags',
};

const crumbs = [{ href: '/console/targets', label: 'Directory' }];

export interface DirectoryFilters {
  q: string;
  tag: string;
  country: string;
  organization: string;
  status: string;
}

/** The directory filtered by one tag. */
export const tagFilterUrl = (tag: string) => `/console/targets?${new URLSearchParams({ tag }).toString()}`;

/** An official's tags as small labels, each a link to the directory filtered by it. */
export function tagLabels(tags: readonly string[]): SafeHtml {
  if (!tags.length) return html``;
  return html`<span class="tags">${tags.map((t) => html` <a class="pill tag" href="${tagFilterUrl(t)}" title="Officials tagged ${t}">${t}</a>`)}</span>`;
}

/** The tags in use, offered as one types a tag: <input list="known-tags">. */
const knownTagsList = (known: readonly string[]) => html`<datalist id="known-tags">${known.map((t) => html`<option value="${t}"></option>`)}</datalist>`;

function targetState(t: Target): SafeHtml {
  return html`${t.active ? '' : html`<span class="pill">deactivated</span> `}${t.failingSince ? html`<span class="pill bad">address failing</span>` : t.active ? html`<span class="pill ok">active</span>` : ''}`;
}

/** The directory: search and filters (as one types, or with Search), a page of officials, the next page. */
export function directoryPage(ctx: ConsoleContext, f: DirectoryFilters, items: Target[], nextUrl: string | null, knownTags: readonly string[] = []): string {
  const failing = f.status === 'failing';
  const body = html`<div class="heading"><h1>Directory of officials</h1>
<div class="actions">${linkButton('/console/targets/new', 'Add an official', 'primary')} ${linkButton('/console/targets/import', 'Import from CSV')}</div></div>
<p class="hint">The officials letters go to, reused across campaigns. Each is written to in their own language when a campaign's letter has it.</p>
<form method="get" action="/console/targets" class="search card" role="search" data-live-search="directory-results">
${input({ name: 'q', label: 'Search', noOptionalMark: true, value: f.q, hint: 'Name, organization, country or a tag', attrs: html` type="search" autocomplete="off"` })}
${input({ name: 'tag', label: 'Tag', value: f.tag, noOptionalMark: true, hint: 'One tag: foreign-minister…', attrs: html` list="known-tags" autocomplete="off" maxlength="50" spellcheck="false"` })}
${knownTagsList(knownTags)}
${input({ name: 'country', label: 'Country', value: f.country, noOptionalMark: true, hint: 'Two letters: RU, LB…', attrs: html` maxlength="2" autocapitalize="characters" spellcheck="false"` })}
${input({ name: 'organization', label: 'Organization', value: f.organization, noOptionalMark: true, attrs: html` autocomplete="off"` })}
${select({
  name: 'status',
  label: 'Status',
  value: f.status,
  noOptionalMark: true,
  options: [
    { value: '', label: 'All' },
    { value: 'active', label: 'Active' },
    { value: 'failing', label: 'Failing addresses' },
    { value: 'inactive', label: 'Deactivated' },
  ],
})}
<button type="submit" class="secondary">Search</button>
</form>
<div id="directory-results">
${
  items.length
    ? html`<div class="scroll"><table class="list">
<caption class="visually-hidden">Officials, by name</caption>
<thead><tr><th scope="col">Official</th><th scope="col">Organization</th><th scope="col">Country</th><th scope="col">Locale</th><th scope="col">Email</th><th scope="col">State</th>${failing ? html`<th scope="col">Last bounce</th><th scope="col"><span class="visually-hidden">Action</span></th>` : ''}</tr></thead>
<tbody>${items.map(
        (t) => html`<tr>
<th scope="row"><a href="/console/targets/${t.id}">${t.name}</a><span class="slug">${t.title}</span>${tagLabels(t.tags)}</th>
<td>${t.organization}</td><td>${t.country ?? '—'}</td><td>${t.locale}</td><td>${t.email}</td><td>${targetState(t)}</td>
${failing ? html`<td class="reason">${t.lastBounceReason ?? '—'} ${t.lastBounceAt ? html`<span class="slug">${time(t.lastBounceAt)}</span>` : ''}</td><td>${postButton(ctx, `/console/targets/${t.id}/clear-failing`, 'Clear', { fields: { back: ctx.url } })}</td>` : ''}
</tr>`,
      )}</tbody></table></div>
${nextUrl ? html`<p class="pager"><a href="${nextUrl}">Next page</a></p>` : ''}`
    : html`<p class="empty">No official matches${f.q || f.tag || f.country || f.organization || f.status ? ' these filters' : ' yet: add one, or import a spreadsheet'}.</p>`
}
</div>`;
  return consolePage(ctx, { title: 'Directory', section: 'targets', body });
}

/** The tags field's hint: how to type them, and (some of) the tags in use, to reuse rather than misspell. */
function tagsHint(known: readonly string[]): SafeHtml {
  const shown = known.slice(0, 30);
  return html`Separated by commas or semicolons: foreign-minister, g20. Each one word of letters, digits, - or _ (at most 50); stored in lower case.${
    shown.length ? html` In use: ${shown.join(', ')}${known.length > shown.length ? '…' : ''}.` : ''
  }`;
}

/** Every time zone this server knows, offered as one types one: <input list="time-zones">. */
const timeZonesList = () => html`<datalist id="time-zones">${Intl.supportedValuesOf('timeZone').map((z) => html`<option value="${z}"></option>`)}</datalist>`;

/** The time zone's hint: what an empty field means, and (for an official) which zone their letters follow now. */
function timeZoneHint(t?: Target): SafeHtml {
  const now = t ? timeZoneOf(t) : null;
  const follows =
    now === null
      ? ''
      : now.source === 'target'
        ? html` Their office hours follow ${now.zone}.`
        : now.source === 'country'
          ? html` Empty now: ${now.zone}, the only zone of ${t!.country}.`
          : html` Empty now: ${t!.country ? html`${t!.country} has several zones, so ` : ''}UTC. Set one.`;
  return html`Where a campaign's office hours are read: Europe/Moscow, Asia/Beirut… Empty: the country's zone when it has only one, else UTC.${follows}`;
}

/** The fields of an official, for a new one or a change. */
function targetFields(v: FormValues, e: FormErrors, knownTags: readonly string[], t?: Target): SafeHtml {
  return html`${input({ name: 'name', label: 'Name', value: v.name, error: e.name, required: true, attrs: html` maxlength="200" autocomplete="off" dir="auto"` })}
${input({ name: 'title', label: 'Title', value: v.title, error: e.title, hint: 'Their office, as a letter addresses them: Minister of Foreign Affairs', attrs: html` maxlength="200" dir="auto"` })}
${input({ name: 'organization', label: 'Organization', value: v.organization, error: e.organization, hint: 'Russian Federation, League of Arab States…', attrs: html` maxlength="200" dir="auto"` })}
<div class="row">
${input({ name: 'country', label: 'Country', value: v.country, error: e.country, hint: 'ISO 3166 alpha-2 (RU, LB); empty for an international body.', attrs: html` maxlength="2" autocapitalize="characters" spellcheck="false"` })}
${input({ name: 'locale', label: 'Locale', value: v.locale, error: e.locale, hint: 'The language their letter is written in: en, ru, ar, pt-BR…', attrs: html` maxlength="35" spellcheck="false"` })}
</div>
${input({ name: 'timeZone', label: 'Time zone', value: v.timeZone, error: e.timeZone, hint: timeZoneHint(t), attrs: html` list="time-zones" maxlength="64" spellcheck="false" autocomplete="off"` })}
${timeZonesList()}
${input({ name: 'email', label: 'Email', type: 'email', value: v.email, error: e.email, required: true, hint: 'Where their letters go. Check it with the office: a wrong address fails every letter.', attrs: html` maxlength="254" spellcheck="false" autocomplete="off"` })}
${input({ name: 'tags', label: 'Tags', value: v.tags, error: e.tags, hint: tagsHint(knownTags), attrs: html` maxlength="1100" spellcheck="false" autocomplete="off"` })}`;
}

export function newTargetPage(ctx: ConsoleContext, v: FormValues, e: FormErrors, knownTags: readonly string[] = []): string {
  return consolePage(ctx, {
    title: 'Add an official',
    section: 'targets',
    crumbs,
    hasErrors: Object.keys(e).length > 0,
    body: html`<h1>Add an official</h1>
${errorSummary(e, TARGET_LABELS)}
<form method="post" action="/console/targets" novalidate class="card narrow-form">
${csrfField(ctx)}
${targetFields(v, e, knownTags)}
<div class="actions"><button type="submit" class="primary">Add official</button><a class="button secondary" href="/console/targets">Cancel</a></div>
</form>`,
  });
}

export function editTargetPage(
  ctx: ConsoleContext,
  t: Target,
  campaigns: { id: string; title: string; status: string; targetStatus: string }[],
  v: FormValues,
  e: FormErrors,
  knownTags: readonly string[] = [],
): string {
  return consolePage(ctx, {
    title: t.name,
    section: 'targets',
    crumbs,
    hasErrors: Object.keys(e).length > 0,
    body: html`<div class="heading"><h1>${t.name} ${targetState(t)}</h1>
<div class="actions">${t.active ? linkButton(`/console/targets/${t.id}/deactivate`, 'Deactivate', 'danger') : postButton(ctx, `/console/targets/${t.id}/reactivate`, 'Reactivate', { kind: 'primary' })}</div></div>
${t.tags.length ? html`<p class="target-tags">Tags:${tagLabels(t.tags)}</p>` : ''}
${
  t.failingSince
    ? html`<div class="notice bad" role="status"><p><strong>This address is failing</strong> since ${time(t.failingSince)}: ${count(t.hardBounces, 'hard bounce')}, the last ${t.lastBounceAt ? time(t.lastBounceAt) : ''}:</p>
<p class="reason">${t.lastBounceReason ?? '—'}</p>
<p>Its letters are held (not sent, not lost). Fix the address below if it was wrong, then clear it: the held letters go at once.</p>
${postButton(ctx, `/console/targets/${t.id}/clear-failing`, 'Clear failing address', { kind: 'primary', fields: { back: `/console/targets/${t.id}` } })}</div>`
    : ''
}
${errorSummary(e, TARGET_LABELS)}
<form method="post" action="/console/targets/${t.id}" novalidate class="card narrow-form">
${csrfField(ctx)}
${targetFields(v, e, knownTags, t)}
<div class="actions"><button type="submit" class="primary">Save changes</button><a class="button secondary" href="/console/targets">Cancel</a></div>
</form>
<section aria-labelledby="tc-h"><h2 id="tc-h">Campaigns</h2>
${
  campaigns.length
    ? html`<ul>${campaigns.map((c) => html`<li><a href="/console/campaigns/${c.id}/targets/${t.id}">${c.title}</a> ${statusPill(c.status)} <span class="pill ${c.targetStatus}">${c.targetStatus}</span></li>`)}</ul>`
    : html`<p class="empty">Not attached to any campaign yet.</p>`
}
</section>`,
  });
}

/** The CSV import: a file (or pasted text), then every row's outcome as a table. */
export function importPage(ctx: ConsoleContext, state: { csv?: string; error?: string; report?: ImportReport }): string {
  const r = state.report;
  const body = html`<h1>Import officials from CSV</h1>
<p>A spreadsheet saved as CSV, with a header row naming its columns in any order: <code>name</code> and <code>email</code> are required; <code>title</code>, <code>organization</code>, <code>country</code> (RU, LB; empty for an international body), <code>locale</code> (en, ru, ar…), <code>tags</code> (separated by semicolons: <code>foreign-minister;g20</code>) and <code>time_zone</code> (Europe/Moscow; empty: the country's zone when it has only one) are optional. An official whose email is in the directory already is updated with the file's values (with a <code>tags</code> column, their tags become the row's: an empty cell removes them). At most 5,000 rows.</p>
${state.error ? html`<div class="error-summary" role="alert" tabindex="-1" data-autofocus><h2>The file was not imported</h2><p>${state.error}</p></div>` : ''}
${
  r
    ? html`<section aria-labelledby="report-h" class="card"><h2 id="report-h" tabindex="-1" data-autofocus>Imported: ${num(r.summary.created)} created, ${num(r.summary.updated)} updated, ${num(r.summary.unchanged)} unchanged, ${num(r.summary.rejected)} rejected</h2>
<div class="scroll"><table class="list">
<thead><tr><th scope="col" class="num">Line</th><th scope="col">Email</th><th scope="col">Outcome</th><th scope="col">Why</th></tr></thead>
<tbody>${r.rows.map(
        (row) =>
          html`<tr><td class="num">${row.line}</td><td>${row.id ? html`<a href="/console/targets/${row.id}">${row.email ?? '—'}</a>` : (row.email ?? '—')}</td><td><span class="pill ${row.status === 'rejected' ? 'bad' : row.status === 'created' ? 'ok' : ''}">${row.status}</span></td><td>${row.reasons?.join('; ') ?? ''}</td></tr>`,
      )}</tbody></table></div>
<p><a href="/console/targets">Back to the directory</a></p></section>`
    : ''
}
<form method="post" action="/console/targets/import" enctype="multipart/form-data" class="card narrow-form" novalidate>
${csrfField(ctx)}
<div class="field"><label for="f-file">CSV file</label><p class="hint" id="f-file-hint">UTF-8, comma-separated, at most 2 MiB.</p><input id="f-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="f-file-hint"></div>
<div class="field"><label for="f-csv">Or paste the CSV</label><textarea id="f-csv" name="csv" rows="8" class="code" spellcheck="false">${state.csv ?? ''}</textarea></div>
<div class="actions"><button type="submit" class="primary">Import</button><a class="button secondary" href="/console/targets">Cancel</a></div>
</form>`;
  return consolePage(ctx, { title: 'Import officials', section: 'targets', crumbs, hasErrors: !!state.error, body });
}

import type { AuditEntryView } from '../../../audit/dto/audit-entry.view.js';
import { html } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { errorSummary, input, select, type FormErrors, type FormValues } from '../form-kit.js';
import { time } from '../format.js';
import { consolePage } from '../layout.js';
import { compactDetails, subjectOf } from './audit-details.js';

export const AUDIT_LABELS: Record<string, string> = { actor: 'Who', action: 'What', from: 'From', to: 'To', subjectId: 'Subject', cursor: 'Page' };

/** The filters of the page as a query string (the cursor apart), for the "Older entries" link. */
export function auditQuery(filters: FormValues, cursor?: string | null): string {
  const q = new URLSearchParams();
  for (const k of ['actor', 'action', 'from', 'to', 'subjectId']) if (filters[k]) q.set(k, filters[k]!);
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * The audit log, newest first, filtered by who, what and when: one page of entries, and a link to
 * the older ones that keeps the filters.
 */
export function auditPage(
  ctx: ConsoleContext,
  data: { filters: FormValues; errors: FormErrors; actors: string[]; actions: string[]; items: AuditEntryView[]; nextCursor: string | null },
): string {
  const f = data.filters;
  const e = data.errors;
  // a filter given in the address that is not among the options is still shown as chosen
  const actors = f.actor && !data.actors.includes(f.actor) ? [...data.actors, f.actor] : data.actors;
  const actions = f.action && !data.actions.includes(f.action) ? [...data.actions, f.action] : data.actions;
  const filtered = ['actor', 'action', 'from', 'to', 'subjectId'].some((k) => f[k]);
  const rows = data.items.map((entry) => {
    const subject = subjectOf(entry);
    const details = compactDetails(entry.details);
    return html`<tr>
<td>${time(entry.at)}</td>
<td>${entry.actorEmail ? html`<a href="/console/audit${auditQuery({ actor: entry.actorEmail })}">${entry.actorEmail}</a>` : html`<span class="muted">the system</span>`}</td>
<td><code>${entry.action}</code></td>
<td>${subject.href ? html`<a href="${subject.href}">${subject.label}</a>` : subject.label}</td>
<td class="details">${details || html`<span class="muted">—</span>`}</td>
</tr>`;
  });
  return consolePage(ctx, {
    title: 'Audit log',
    section: 'audit',
    hasErrors: Object.keys(e).length > 0,
    body: html`<h1>Audit log</h1>
<p class="hint">Who did what, newest first: staff actions and the system's own (a campaign closed at its end date, a target's letters folded into digests). Times are UTC.</p>
${errorSummary(e, AUDIT_LABELS)}
<form method="get" action="/console/audit" class="search card" role="search" aria-label="Filter the audit log" novalidate>
${f.subjectId ? html`<input type="hidden" name="subjectId" value="${f.subjectId}">` : ''}
${select({ name: 'actor', label: 'Who', noOptionalMark: true, value: f.actor, error: e.actor, options: [{ value: '', label: 'Anyone' }, ...actors.map((a) => ({ value: a, label: a }))] })}
${select({ name: 'action', label: 'What', noOptionalMark: true, value: f.action, error: e.action, options: [{ value: '', label: 'Any action' }, ...actions.map((a) => ({ value: a, label: a }))] })}
${input({ name: 'from', label: 'From', noOptionalMark: true, type: 'date', value: f.from, error: e.from, hint: 'That day included (UTC)' })}
${input({ name: 'to', label: 'To', noOptionalMark: true, type: 'date', value: f.to, error: e.to, hint: 'That day included (UTC)' })}
<button type="submit" class="secondary">Filter</button>
</form>
${f.subjectId ? html`<p class="notice">Only the entries about one subject (<code>${f.subjectId}</code>). <a href="/console/audit${auditQuery({ ...f, subjectId: undefined })}">Show every subject</a></p>` : ''}
${
  data.items.length
    ? html`<div class="scroll" tabindex="0" role="region" aria-label="Audit log entries"><table class="list audit">
<caption class="visually-hidden">Audit log entries, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Details</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
    : html`<p class="empty">${filtered ? 'No entry matches these filters.' : 'The log is empty.'}</p>`
}
<p class="pager">${data.nextCursor ? html`<a href="/console/audit${auditQuery(f, data.nextCursor)}">Older entries</a>` : ''}${filtered ? html` <a href="/console/audit">Clear the filters</a>` : ''}</p>`,
  });
}

import type { PublicUser } from '../../../users/users.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { csrfField, errorSummary, input, linkButton, radios, select, type FormErrors, type FormValues } from '../form-kit.js';
import { time } from '../format.js';
import { consolePage, type Crumb } from '../layout.js';

export const STAFF_LABELS: Record<string, string> = { email: 'Email', role: 'Role', passwordMode: 'Password', password: 'Password you choose' };

const ROLE_OPTIONS = [
  { value: 'campaigner', label: 'Campaigner', hint: 'Runs campaigns: campaigns, their letters and officials, the directory.' },
  { value: 'admin', label: 'Admin', hint: 'Everything a campaigner does, and staff accounts, the audit log, every letter, supporter data requests.' },
];

export const staffCrumbs = (extra: Crumb[] = []): Crumb[] => [{ href: '/console/staff', label: 'Staff' }, ...extra];

const activePill = (u: Pick<PublicUser, 'active'>) =>
  u.active ? html`<span class="pill ok">Active</span>` : html`<span class="pill withdrawn">Deactivated</span>`;

/** Every staff account, oldest first. */
export function staffListPage(ctx: ConsoleContext, users: PublicUser[]): string {
  return consolePage(ctx, {
    title: 'Staff accounts',
    section: 'staff',
    body: html`<div class="heading"><h1>Staff accounts</h1>${linkButton('/console/staff/new', 'New account', 'primary')}</div>
<div class="scroll" tabindex="0" role="region" aria-label="Staff accounts"><table class="list">
<caption class="visually-hidden">Staff accounts, oldest first</caption>
<thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Active</th><th scope="col">Created</th><th scope="col">Last login</th></tr></thead>
<tbody>${users.map(
      (u) => html`<tr>
<th scope="row"><a href="/console/staff/${u.id}">${u.email}</a>${u.id === ctx.staff.id ? html` <span class="muted">(you)</span>` : ''}</th>
<td>${u.role}</td>
<td>${activePill(u)}</td>
<td>${time(u.createdAt)}</td>
<td>${u.lastLoginAt ? time(u.lastLoginAt) : html`<span class="muted">never</span>`}</td>
</tr>`,
    )}</tbody>
</table></div>
<p class="hint">A deactivated account cannot sign in, and its sessions ended when it was deactivated. Accounts are never deleted: the audit log keeps who did what.</p>`,
  });
}

/** A new account: its email, role, and a password typed here or generated and shown once. */
export function newStaffPage(ctx: ConsoleContext, values: FormValues, errors: FormErrors): string {
  return consolePage(ctx, {
    title: 'New staff account',
    section: 'staff',
    crumbs: staffCrumbs(),
    hasErrors: Object.keys(errors).length > 0,
    body: html`<h1>New staff account</h1>
${errorSummary(errors, STAFF_LABELS)}
<form method="post" action="/console/staff" novalidate class="stacked narrow-form">
${csrfField(ctx)}
${input({ name: 'email', label: 'Email', type: 'email', value: values.email, error: errors.email, required: true, hint: 'They sign in with it.', attrs: html` autocomplete="off" spellcheck="false" maxlength="254"` })}
${radios({ name: 'role', label: 'Role', value: values.role ?? 'campaigner', error: errors.role, options: ROLE_OPTIONS })}
${radios({
  name: 'passwordMode',
  label: 'Password',
  value: values.passwordMode ?? 'generate',
  error: errors.passwordMode,
  options: [
    { value: 'generate', label: 'Generate one', hint: 'Shown to you once, on the next page, to hand over.' },
    { value: 'typed', label: 'Type one', hint: 'The one you type below.' },
  ],
})}
${input({ name: 'password', label: STAFF_LABELS.password, type: 'password', error: errors.password, hint: 'Only when you chose to type one: at least 12 characters.', attrs: html` autocomplete="new-password" minlength="12" maxlength="200"` })}
<div class="actions">
<button type="submit" class="primary">Create account</button>
<a class="button secondary" href="/console/staff">Cancel</a>
</div>
</form>`,
  });
}

/**
 * A password generated for someone, shown this once (it is stored only as a hash): answered by
 * the POST that made it, never by a page one could open again.
 */
export function passwordShownOncePage(ctx: ConsoleContext, opts: { title: string; lead: string; user: PublicUser; password: string }): string {
  return consolePage(ctx, {
    title: opts.title,
    section: 'staff',
    crumbs: staffCrumbs([{ href: `/console/staff/${opts.user.id}`, label: opts.user.email }]),
    body: html`<section class="narrow card" aria-labelledby="pw-h">
<h1 id="pw-h">${opts.title}</h1>
<p class="lead">${opts.lead}</p>
<div class="field"><label for="new-password">New password of ${opts.user.email}</label>
<div class="copy-row"><input id="new-password" class="secret" type="text" value="${opts.password}" readonly spellcheck="false" autocomplete="off"><button type="button" class="secondary" data-copy="new-password">Copy password</button></div></div>
<div class="notice warn"><p><strong>Shown this once.</strong> It is stored only as a hash: nobody can show it again. Hand it over safely: in person, by phone, or through a password manager's sharing; never in the same email or chat as the address. Ask them to change it under “Your account” once signed in.</p></div>
<p><a href="/console/staff/${opts.user.id}">Open the account</a> · <a href="/console/staff">Back to the staff accounts</a></p>
</section>`,
  });
}

/** One account: what it is, and (for another admin's account) its role, access and password. */
export function staffAccountPage(ctx: ConsoleContext, user: PublicUser, state: { values: FormValues; errors: FormErrors }): string {
  const own = user.id === ctx.staff.id;
  const base = `/console/staff/${user.id}`;
  const actions: SafeHtml = own
    ? html`<div class="notice">This is your account: another admin changes its role or deactivates it. Change your own password under <a href="/console/account">Your account</a>.</div>`
    : html`<section class="card narrow-form" aria-labelledby="role-h">
<h2 id="role-h">Role</h2>
<form method="post" action="${base}/role" novalidate>
${csrfField(ctx)}
${select({ name: 'role', label: 'Role', value: state.values.role ?? user.role, error: state.errors.role, required: true, options: ROLE_OPTIONS, hint: 'It takes effect with their next request: no need to sign in again.' })}
<button type="submit" class="primary">Change role</button>
</form>
</section>
<section class="card" aria-labelledby="access-h">
<h2 id="access-h">Access</h2>
${
  user.active
    ? html`<p>Deactivating ends every session of the account at once; it cannot sign in until reactivated.</p>${linkButton(`${base}/deactivate`, 'Deactivate', 'danger')}`
    : html`<p>This account is deactivated: it cannot sign in.</p>${linkButton(`${base}/reactivate`, 'Reactivate', 'primary')}`
}
</section>
<section class="card" aria-labelledby="password-h">
<h2 id="password-h">Password</h2>
<p>Forgotten, or possibly known to someone else: reset it. A new one is generated and shown to you once; their sessions end.</p>
${linkButton(`${base}/reset-password`, 'Reset password', 'danger')}
</section>`;
  return consolePage(ctx, {
    title: user.email,
    section: 'staff',
    crumbs: staffCrumbs(),
    hasErrors: Object.keys(state.errors).length > 0,
    body: html`<h1>${user.email}${own ? html` <span class="sub">you</span>` : ''}</h1>
<dl class="meta">
<dt>Role</dt><dd>${user.role}</dd>
<dt>Status</dt><dd>${activePill(user)}</dd>
<dt>Created</dt><dd>${time(user.createdAt)}</dd>
<dt>Last login</dt><dd>${user.lastLoginAt ? time(user.lastLoginAt) : 'never'}</dd>
</dl>
${errorSummary(state.errors, STAFF_LABELS)}
${actions}
<p><a href="/console/audit?subjectId=${user.id}">What was done to this account</a> · <a href="/console/audit?actor=${encodeURIComponent(user.email)}">What this account did</a></p>`,
  });
}

import { html } from '../../views/html.js';
import type { ConsoleContext } from '../console-context.js';
import { csrfField, errorSummary, input, type FormErrors } from './form-kit.js';
import { consolePage } from './layout.js';

export function accountPage(ctx: ConsoleContext, errors: FormErrors, _values: Record<string, string>): string {
  const labels = { currentPassword: 'Current password', newPassword: 'New password', confirmPassword: 'New password, again' };
  return consolePage(ctx, {
    title: 'Your account',
    section: 'account',
    hasErrors: Object.keys(errors).length > 0,
    body: html`<h1>Your account</h1>
<dl class="meta"><dt>Email</dt><dd>${ctx.staff.email}</dd><dt>Role</dt><dd>${ctx.staff.role}</dd></dl>
<section class="card narrow-form" aria-labelledby="pw-h">
<h2 id="pw-h">Change your password</h2>
<p class="hint">Your other sessions (other browsers, API tokens) are signed out when it changes.</p>
${errorSummary(errors, labels)}
<form method="post" action="/console/account/password" novalidate>
${csrfField(ctx)}
<input type="text" name="username" value="${ctx.staff.email}" autocomplete="username" hidden>
${input({ name: 'currentPassword', label: labels.currentPassword, type: 'password', error: errors.currentPassword, required: true, attrs: html` autocomplete="current-password"` })}
${input({ name: 'newPassword', label: labels.newPassword, type: 'password', error: errors.newPassword, required: true, hint: 'At least 12 characters: a few words make a strong one.', attrs: html` autocomplete="new-password" minlength="12"` })}
${input({ name: 'confirmPassword', label: labels.confirmPassword, type: 'password', error: errors.confirmPassword, required: true, attrs: html` autocomplete="new-password"` })}
<button type="submit" class="primary">Change password</button>
</form>
</section>`,
  });
}

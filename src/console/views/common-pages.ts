import type { StaffPrincipal } from '../../auth/auth.decorators.js';
import { html, type SafeHtml } from '../../views/html.js';
import type { ConsoleContext } from '../console-context.js';
import { csrfField, errorSummary, fieldId, input, type FormErrors } from './form-kit.js';
import { consolePage, publicConsolePage, type Crumb, type Section } from './layout.js';

export function signInPage(org: string, state: { next: string; email?: string; errors?: FormErrors; notice?: string }): string {
  const errors = state.errors ?? {};
  return publicConsolePage(org, {
    title: 'Sign in',
    hasErrors: Object.keys(errors).length > 0,
    body: html`<section class="narrow card" aria-labelledby="signin-h">
<h1 id="signin-h">Sign in</h1>
<p class="hint">The console of ${org}: campaigns, their letters and the officials they go to.</p>
${state.notice ? html`<p class="flash success" role="status">${state.notice}</p>` : ''}
${errorSummary(errors, { email: 'Email', password: 'Password' })}
<form method="post" action="/console/login" novalidate>
<input type="hidden" name="next" value="${state.next}">
${input({ name: 'email', label: 'Email', type: 'email', value: state.email, error: errors.email, required: true, attrs: html` autocomplete="username" spellcheck="false"` })}
${input({ name: 'password', label: 'Password', type: 'password', error: errors.password, required: true, attrs: html` autocomplete="current-password"` })}
<button type="submit" class="primary">Sign in</button>
</form>
</section>`,
  });
}

/** A staff member reached a page their role does not open, or sent a form this site did not make. */
export function forbiddenPage(ctx: ConsoleContext | null, org: string, staff: StaffPrincipal | null, message: string): string {
  const adminsOnly = /role/.test(message);
  const body = html`<section class="narrow" role="alert" aria-labelledby="denied-h">
<h1 id="denied-h">${adminsOnly ? 'Admins only' : 'Not allowed'}</h1>
<p>${adminsOnly && staff ? `You are signed in as ${staff.email}, a ${staff.role}. This page is for admins.` : message}</p>
<p><a href="/console/campaigns">Back to the campaigns</a></p>
</section>`;
  return ctx
    ? consolePage(ctx, { title: adminsOnly ? 'Admins only' : 'Not allowed', section: 'campaigns', body })
    : publicConsolePage(org, { title: 'Not allowed', body });
}

export function notFoundPage(ctx: ConsoleContext | null, org: string, message: string): string {
  const body = html`<section class="narrow" aria-labelledby="nf-h">
<h1 id="nf-h">Not found</h1>
<p>${message}</p>
<p><a href="/console/campaigns">Back to the campaigns</a></p>
</section>`;
  return ctx ? consolePage(ctx, { title: 'Not found', section: 'campaigns', body }) : publicConsolePage(org, { title: 'Not found', body });
}

export function errorPage(ctx: ConsoleContext | null, org: string, status: number, message: string): string {
  const body = html`<section class="narrow" role="alert" aria-labelledby="err-h">
<h1 id="err-h">${status >= 500 ? 'Something went wrong' : 'That did not work'}</h1>
<p>${message}</p>
<p><a href="/console/campaigns">Back to the campaigns</a></p>
</section>`;
  return ctx ? consolePage(ctx, { title: 'Error', section: 'campaigns', body }) : publicConsolePage(org, { title: 'Error', body });
}

/**
 * "Are you sure?": what an action will do, in numbers, before it is done. Works without
 * JavaScript: the action is a form on this page; Cancel goes back.
 */
export function confirmPage(
  ctx: ConsoleContext,
  opts: {
    section: Section;
    crumbs: Crumb[];
    title: string;
    lead: SafeHtml | string;
    consequences: (SafeHtml | string)[];
    action: string;
    button: string;
    danger?: boolean;
    cancel: string;
    extra?: SafeHtml;
  },
): string {
  return consolePage(ctx, {
    title: opts.title,
    section: opts.section,
    crumbs: opts.crumbs,
    body: html`<section class="narrow card confirm" aria-labelledby="confirm-h">
<h1 id="confirm-h">${opts.title}</h1>
<p class="lead">${opts.lead}</p>
${opts.consequences.length ? html`<ul class="consequences">${opts.consequences.map((c) => html`<li>${c}</li>`)}</ul>` : ''}
<form method="post" action="${opts.action}">
${csrfField(ctx)}
${opts.extra ?? ''}
<div class="actions">
<button type="submit" class="${opts.danger ? 'danger' : 'primary'}">${opts.button}</button>
<a class="button secondary" href="${opts.cancel}">Cancel</a>
</div>
</form>
</section>`,
  });
}

export { fieldId };

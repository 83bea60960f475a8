import { assetUrl } from '../../views/assets.js';
import { html, page, type SafeHtml } from '../../views/html.js';
import type { ConsoleContext } from '../console-context.js';
import { csrfField } from './form-kit.js';

/** The console's sections, as the navigation names them. */
export type Section = 'campaigns' | 'targets' | 'letters' | 'dashboard' | 'queues' | 'staff' | 'audit' | 'data' | 'mail' | 'account';

export interface Crumb {
  href: string;
  label: string;
}

export interface ConsolePageOptions {
  title: string;
  section: Section;
  body: SafeHtml;
  /** the trail above the heading: Campaigns › Stop the assault on Homs › Letter */
  crumbs?: Crumb[];
  /** the page shows a form with errors: the title says so first, for screen readers */
  hasErrors?: boolean;
  /** scripts under /assets/ besides console.js */
  scripts?: string[];
}

const NAV: { section: Section; href: string; label: string; admin?: boolean; devOnly?: boolean }[] = [
  { section: 'campaigns', href: '/console/campaigns', label: 'Campaigns' },
  { section: 'targets', href: '/console/targets', label: 'Directory' },
  { section: 'letters', href: '/console/letters', label: 'Letters', admin: true },
  { section: 'dashboard', href: '/admin', label: 'Dashboard', admin: true },
  { section: 'queues', href: '/admin/queues', label: 'Queues', admin: true },
  { section: 'staff', href: '/console/staff', label: 'Staff', admin: true },
  { section: 'audit', href: '/console/audit', label: 'Audit log', admin: true },
  { section: 'data', href: '/console/data-requests', label: 'Data requests', admin: true },
  { section: 'mail', href: '/admin/mail', label: 'Caught mail', admin: true, devOnly: true },
];

/** The navigation a staff member sees: campaigners the campaign work, admins everything. */
function nav(ctx: ConsoleContext, current: Section): SafeHtml {
  const items = NAV.filter((n) => (!n.admin || ctx.staff.role === 'admin') && (!n.devOnly || ctx.mailCatcher));
  return html`<nav class="main-nav" aria-label="Console"><ul>
${items.map((n) => html`<li><a href="${n.href}"${n.section === current ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}
</ul></nav>`;
}

/**
 * Every staff page, the dashboard's included: the same frame as the supporter pages (page() of
 * src/views/html.ts: one escaping mechanism, no inline script or style), the console's bar,
 * navigation and messages.
 */
export function consolePage(ctx: ConsoleContext, opts: ConsolePageOptions): string {
  const header = html`<a class="skip" href="#main">Skip to content</a>
<header class="bar">
<p class="brand"><a href="/console">${ctx.org}</a> <span>console</span></p>
${nav(ctx, opts.section)}
<div class="who">
<a href="/console/account"${opts.section === 'account' ? html` aria-current="page"` : ''}>${ctx.staff.email}</a> <span class="role">${ctx.staff.role}</span>
<form method="post" action="/console/logout" class="inline">${csrfField(ctx)}<button type="submit" class="link">Sign out</button></form>
</div>
</header>`;
  const crumbs = opts.crumbs?.length
    ? html`<nav class="crumbs" aria-label="Breadcrumb"><ol>${opts.crumbs.map((c) => html`<li><a href="${c.href}">${c.label}</a></li>`)}</ol></nav>`
    : '';
  const flash = ctx.flash
    ? html`<div class="flash ${ctx.flash.kind}" role="${ctx.flash.kind === 'error' ? 'alert' : 'status'}" tabindex="-1" id="flash">${ctx.flash.text}</div>`
    : '';
  return page({
    title: `${opts.hasErrors ? 'Error: ' : ''}${opts.title} · ${ctx.org} console`,
    styles: ['console.css'],
    scripts: ['console.js', ...(opts.scripts ?? [])],
    head: html`<meta name="robots" content="noindex">
<meta name="csrf-token" content="${ctx.csrf}">`,
    header,
    body: html`${crumbs}${flash}${opts.body}`,
  });
}

/** A page for someone not signed in (the sign-in page, an expired session). */
export function publicConsolePage(org: string, opts: { title: string; body: SafeHtml; hasErrors?: boolean }): string {
  return page({
    title: `${opts.hasErrors ? 'Error: ' : ''}${opts.title} · ${org} console`,
    styles: ['console.css'],
    head: html`<meta name="robots" content="noindex">`,
    header: html`<header class="bar"><p class="brand"><a href="/console">${org}</a> <span>console</span></p></header>`,
    body: opts.body,
  });
}

/** Re-exported for pages that link their own assets. */
export { assetUrl };

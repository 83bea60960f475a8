import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { assetUrl } from '../views/assets.js';
import { html, type SafeHtml } from '../views/html.js';

/**
 * The admin pages' HTML. No inline script or style anywhere (a strict Content-Security-Policy
 * can forbid both): behaviour comes from /assets/admin-*.js, looks from /assets/admin.css, each
 * URL with a hash of the file (assetUrl), so a new release is never served an old script.
 */
function layout(opts: { title: string; body: SafeHtml; script?: string; staff?: StaffPrincipal | null; mailCatcher?: boolean }): string {
  const nav = opts.staff
    ? html`<nav aria-label="Admin">
<a href="/admin">Dashboard</a>
<a href="/admin/queues">Queues</a>
${opts.mailCatcher ? html`<a href="/admin/mail">Caught mail</a>` : ''}
<a href="/api/docs">API</a>
</nav>
<p class="who">${opts.staff.email} <button type="button" id="logout" class="link">Log out</button></p>`
    : '';
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${opts.title} · Appeals admin</title>
<link rel="stylesheet" href="${assetUrl('admin.css')}">
${opts.script ? html`<script type="module" src="${assetUrl(opts.script)}"></script>` : ''}
</head>
<body>
<header class="bar">
<p class="brand"><a href="/admin">Appeals</a> <span>admin</span></p>
${nav}
</header>
<main id="main">
${opts.body}
</main>
</body>
</html>`}`;
}

export function loginPage(next: string): string {
  return layout({
    title: 'Log in',
    script: 'admin-login.js',
    body: html`<section class="login" aria-labelledby="login-h">
<h1 id="login-h">Log in</h1>
<noscript><p class="error">This page needs JavaScript.</p></noscript>
<form id="login" method="post" action="/api/auth/login" data-next="${next}">
<p class="error" id="login-error" role="alert" hidden></p>
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required></div>
<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
<button type="submit">Log in</button>
</form>
</section>`,
  });
}

export function forbiddenPage(staff: StaffPrincipal): string {
  return layout({
    title: 'Admins only',
    script: 'admin-login.js',
    body: html`<section class="message" role="alert">
<h1>Admins only</h1>
<p>You are logged in as ${staff.email}, a ${staff.role}. Delivery monitoring is for admins.</p>
<p><button type="button" id="logout">Log out</button> to log in as someone else.</p>
</section>`,
  });
}

export function dashboardPage(staff: StaffPrincipal, mailCatcher: boolean, bounceHardLimit: number): string {
  return layout({
    title: 'Delivery monitoring',
    script: 'admin-dashboard.js',
    staff,
    mailCatcher,
    body: html`<div class="heading">
<h1>Delivery monitoring</h1>
<div class="controls">
<p id="updated" role="status" aria-live="polite">Loading…</p>
<label class="check"><input type="checkbox" id="auto-refresh" checked> Refresh every 5 s</label>
<button type="button" id="refresh">Refresh now</button>
</div>
</div>
<p id="notice" class="notice" role="status" aria-live="polite" hidden></p>
<section aria-labelledby="totals-h">
<h2 id="totals-h" class="visually-hidden">Totals</h2>
<dl id="totals" class="tiles"></dl>
</section>
<section aria-labelledby="chart-h">
<h2 id="chart-h">Letters sent per minute, last hour</h2>
<figure class="chart">
<svg id="chart" viewBox="0 0 760 240" role="img" aria-labelledby="chart-h chart-caption" preserveAspectRatio="xMidYMid meet"></svg>
<figcaption id="chart-caption"></figcaption>
</figure>
</section>
<section aria-labelledby="campaigns-h">
<h2 id="campaigns-h">Campaigns</h2>
<div class="scroll"><table id="campaigns">
<thead><tr>
<th scope="col">Campaign</th><th scope="col">Status</th><th scope="col" class="num">Signatures</th>
<th scope="col">Letters sent</th><th scope="col" class="num">Waiting</th><th scope="col" class="num">Failed</th>
<th scope="col" class="num">Sent, last hour</th><th scope="col" class="num">Sent, 24 h</th><th scope="col">Oldest unsent</th>
</tr></thead>
<tbody></tbody>
</table></div>
<p id="campaigns-empty" class="empty" hidden>No campaigns yet.</p>
</section>
<section aria-labelledby="failures-h">
<h2 id="failures-h">Failures by reason</h2>
<div class="scroll"><table id="failures">
<thead><tr><th scope="col">Campaign</th><th scope="col">Reason</th><th scope="col" class="num">Letters</th><th scope="col">Latest</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody></tbody>
</table></div>
<p id="failures-empty" class="empty" hidden>No failed letters.</p>
</section>
<section aria-labelledby="failed-h">
<h2 id="failed-h">Latest failed letters</h2>
<div class="scroll"><table id="failed-letters">
<thead><tr><th scope="col">Target</th><th scope="col">Supporter</th><th scope="col">Campaign</th><th scope="col">Error</th><th scope="col" class="num">Attempts</th><th scope="col">Failed at</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody></tbody>
</table></div>
<p id="failed-empty" class="empty" hidden>No failed letters.</p>
</section>
<section aria-labelledby="failing-h">
<h2 id="failing-h">Failing addresses</h2>
<p class="hint">After ${bounceHardLimit} hard bounce${bounceHardLimit === 1 ? '' : 's'} (BOUNCE_HARD_LIMIT) an official's address is failing: the letters owed to it are held (not sent, not cancelled) until the flag is cleared. Fix the address in the directory first if it was wrong.</p>
<div class="scroll"><table id="failing-targets">
<thead><tr><th scope="col">Target</th><th scope="col">Address</th><th scope="col">Failing since</th><th scope="col" class="num">Hard bounces</th><th scope="col">Last bounce</th><th scope="col" class="num">Letters held</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody></tbody>
</table></div>
<p id="failing-empty" class="empty" hidden>No failing addresses.</p>
</section>
<section aria-labelledby="forecast-h">
<h2 id="forecast-h">Drain forecast</h2>
<p class="hint">When the last letter owed to each official can go, under its pacing limit (letters per hour to one address), and whether that is after the campaign ends. Recomputed every minute.</p>
<div class="scroll"><table id="forecast">
<thead><tr><th scope="col">Campaign</th><th scope="col">Target</th><th scope="col" class="num">Waiting</th><th scope="col" class="num">Limit per hour</th><th scope="col" class="num">Sent, last hour</th><th scope="col">All sent by</th><th scope="col">Warning</th></tr></thead>
<tbody></tbody>
</table></div>
<p id="forecast-empty" class="empty" hidden>No letters waiting.</p>
<p id="forecast-error" class="error" role="alert" hidden></p>
</section>
<section aria-labelledby="queues-h">
<h2 id="queues-h">Queues</h2>
<div class="scroll"><table id="queues">
<thead><tr><th scope="col">Queue</th><th scope="col" class="num">Waiting</th><th scope="col" class="num">Active</th><th scope="col" class="num">Delayed</th><th scope="col" class="num">Failed jobs</th></tr></thead>
<tbody></tbody>
</table></div>
<p id="queues-error" class="error" role="alert" hidden></p>
<p class="hint">Job-level detail in <a href="/admin/queues">Bull Board</a> (read-only: PostgreSQL is the truth, so retry letters here).</p>
</section>`,
  });
}

export interface CaughtMailRow {
  id: string;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  subject: string;
}

export function mailListPage(staff: StaffPrincipal, rows: CaughtMailRow[], older: string | null): string {
  return layout({
    title: 'Caught mail',
    script: 'admin-login.js',
    staff,
    mailCatcher: true,
    body: html`<h1>Caught mail</h1>
<p class="hint">No <code>SMTP_URL</code> is set, so every email (confirmations and letters) is caught by the SMTP server embedded in the app, and kept here (the latest 2,000). Nothing leaves this machine.</p>
${
  rows.length
    ? html`<div class="scroll"><table id="mail">
<thead><tr><th scope="col">Received</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Envelope from</th></tr></thead>
<tbody>${rows.map(
        (m) => html`<tr>
<td><time datetime="${m.receivedAt}">${m.receivedAt.replace('T', ' ').slice(0, 19)}</time></td>
<td>${m.envelopeTo.join(', ')}</td>
<td><a href="/admin/mail/${m.id}">${m.subject || '(no subject)'}</a></td>
<td>${m.envelopeFrom}</td>
</tr>`,
      )}</tbody>
</table></div>`
    : html`<p class="empty">No mail caught yet.</p>`
}
${older ? html`<p><a href="/admin/mail?before=${older}">Older messages</a></p>` : ''}`,
  });
}

export interface CaughtMessageView {
  id: string;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  subject: string;
  headers: { key: string; value: string }[];
  text: string;
  raw: string;
}

export function mailMessagePage(staff: StaffPrincipal, m: CaughtMessageView): string {
  return layout({
    title: m.subject || 'Caught message',
    script: 'admin-login.js',
    staff,
    mailCatcher: true,
    body: html`<p><a href="/admin/mail">← Caught mail</a></p>
<h1>${m.subject || '(no subject)'}</h1>
<dl class="meta">
<dt>Received</dt><dd><time datetime="${m.receivedAt}">${m.receivedAt}</time></dd>
<dt>Envelope from</dt><dd>${m.envelopeFrom}</dd>
<dt>Envelope to</dt><dd>${m.envelopeTo.join(', ')}</dd>
</dl>
<h2>Headers</h2>
<table class="headers"><tbody>${m.headers.map((h) => html`<tr><th scope="row">${h.key}</th><td>${h.value}</td></tr>`)}</tbody></table>
<h2>Text</h2>
<pre class="mail-text">${m.text}</pre>
<details><summary>Raw message</summary><pre class="mail-raw">${m.raw}</pre></details>`,
  });
}

export function notFoundPage(what: string): string {
  return layout({ title: 'Not found', body: html`<section class="message" role="alert"><h1>Not found</h1><p>${what}</p></section>` });
}

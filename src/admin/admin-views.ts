import type { ConsoleContext } from '../console/console-context.js';
import { consolePage, type Section } from '../console/views/layout.js';
import { html, type SafeHtml } from '../views/html.js';

/**
 * The admin area's pages (the delivery dashboard, the caught mail) in the console's frame: the
 * same navigation, messages and escaping as every staff page (src/console/views/layout.ts). No
 * inline script or style: behaviour comes from /assets/admin-dashboard.js, looks from
 * /assets/console.css.
 */
export function layout(ctx: ConsoleContext, opts: { title: string; body: SafeHtml; script?: string; section: Section }): string {
  return consolePage(ctx, { title: opts.title, section: opts.section, body: opts.body, scripts: opts.script ? [opts.script] : [] });
}

export function dashboardPage(ctx: ConsoleContext, bounceHardLimit: number, webhookDisableAfterHours: number): string {
  return layout(ctx, {
    title: 'Delivery monitoring',
    script: 'admin-dashboard.js',
    section: 'dashboard',
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
<section aria-labelledby="webhooks-h">
<h2 id="webhooks-h">Webhooks failing or disabled</h2>
<p class="hint">An endpoint whose every attempt has failed for ${webhookDisableAfterHours} hour${webhookDisableAfterHours === 1 ? '' : 's'} (WEBHOOK_DISABLE_AFTER_HOURS) is disabled: it is owed no new event, and what it was owed waits. Fix the receiver, enable it again (what waited goes), then replay what failed. Every endpoint and its deliveries: <code>GET /api/admin/webhooks</code>.</p>
<div class="scroll"><table id="webhooks">
<thead><tr><th scope="col">Endpoint</th><th scope="col">State</th><th scope="col">Failing since</th><th scope="col" class="num">Owed</th><th scope="col" class="num">Failed</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody></tbody>
</table></div>
<p id="webhooks-empty" class="empty" hidden>No webhook endpoint failing or disabled.</p>
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

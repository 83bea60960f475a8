// The delivery-monitoring dashboard: reads the admin API every 5 seconds and draws the figures,
// the per-minute chart (SVG, drawn here: no library, no CDN), failures by reason with a retry
// button, the latest failed letters, the failing addresses with a button to clear each, the webhook
// endpoints failing or disabled (enable, replay what failed), the drain forecast (once a minute) and
// the queues. All text goes in as text, never as HTML.

/** el('td', { class: 'num' }, 'text', childNode, ...): a small DOM builder; text always goes in as text. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

const REFRESH_MS = 5000;
const FORECAST_EVERY_MS = 60_000;
const FORECAST_CAMPAIGNS = 10;
const LATE_SECONDS = 15 * 60;
/** the least distance, in chart units, between the centres of two time labels ("10:50" is about 30 wide) */
const TICK_GAP = 44;
/** after a retry, the letter is read again this often until its fate is known, for at most this long */
const RETRY_WATCH_EVERY_MS = 500;
const RETRY_WATCH_MS = 15_000;
const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);
const nf = new Intl.NumberFormat('en');
const hhmm = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const n = (v) => nf.format(v ?? 0);

let timer = null;
let inFlight = null;

/** the session's CSRF token (a state change made with the session cookie must carry it), when the page gives one */
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';

async function api(path, init = {}) {
  const changes = init.method && init.method !== 'GET';
  const res = await fetch(path, {
    ...init,
    headers: {
      accept: 'application/json',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(changes && csrf ? { 'x-csrf-token': csrf } : {}),
    },
  });
  if (res.status === 401) {
    location.assign('/console/login?next=%2Fadmin');
    throw new Error('the session has ended');
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.message ? [].concat(body.message).join('. ') : `${res.status} ${res.statusText}`);
  return body;
}

function age(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

const ago = (iso) => `${age((Date.now() - Date.parse(iso)) / 1000)} ago`;

function notice(message, bad = false) {
  const p = $('notice');
  p.textContent = message;
  p.classList.toggle('bad', bad);
  p.hidden = false;
}

function sum(campaigns, pick) {
  return campaigns.reduce((t, c) => t + pick(c), 0);
}

const waiting = (d) => d.queued + d.sending + d.retrying;
const failedOf = (d) => d.failed + d.bounced;

function renderTotals(stats) {
  const cs = stats.campaigns;
  const oldest = cs.reduce((m, c) => (c.oldestUnsentAgeSeconds !== null && (m === null || c.oldestUnsentAgeSeconds > m) ? c.oldestUnsentAgeSeconds : m), null);
  const failed = sum(cs, (c) => failedOf(c.deliveries));
  const tiles = [
    ['Letters sent', n(sum(cs, (c) => c.deliveries.sent)), 'ok', 'total-sent'],
    ['Waiting to be sent', n(sum(cs, (c) => waiting(c.deliveries))), '', 'total-waiting'],
    ['Failed', n(failed), failed ? 'bad' : '', 'total-failed'],
    ['Sent, last hour', n(sum(cs, (c) => c.sentLastHour)), '', 'total-last-hour'],
    ['Sent, last 24 h', n(sum(cs, (c) => c.sentLastDay)), '', 'total-last-day'],
    ['Oldest unsent letter', age(oldest), oldest !== null && oldest > LATE_SECONDS ? 'warn' : '', 'total-oldest'],
    ['Confirmed signatures', n(sum(cs, (c) => c.signatures.confirmed)), '', 'total-confirmed'],
  ];
  $('totals').replaceChildren(...tiles.map(([label, value, cls, id]) => el('div', { class: cls || null }, el('dt', {}, label), el('dd', { id }, value))));
}

/** The chart's top: four whole-number ticks (4, 8, 12, 16, 20, 24, 32, 40, 60, 80, 100, 120, ...) just above v. */
function niceCeiling(v) {
  const tick = Math.max(1, v / 4);
  const pow = 10 ** Math.floor(Math.log10(tick));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (Number.isInteger(step * pow) && step * pow >= tick) return step * pow * 4;
  }
  return 40 * pow;
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : String(c));
  return node;
}

function renderChart(series) {
  const points = series.minutes;
  const W = 760,
    H = 240,
    left = 44,
    right = 10,
    top = 12,
    bottom = 28;
  const plotW = W - left - right,
    plotH = H - top - bottom;
  const max = Math.max(0, ...points.map((p) => p.sent));
  const yMax = niceCeiling(max);
  const slot = plotW / points.length;
  const parts = [];
  for (let i = 0; i <= 4; i++) {
    const value = (yMax / 4) * i;
    const y = top + plotH - (value / yMax) * plotH;
    parts.push(svg('line', { class: i ? 'grid' : 'axis', x1: left, x2: W - right, y1: y, y2: y }));
    parts.push(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, n(value)));
  }
  const ticks = [];
  points.forEach((p, i) => {
    const h = (p.sent / yMax) * plotH;
    const x = left + i * slot + 1;
    const label = `${hhmm.format(new Date(p.minute))}: ${n(p.sent)} letter${p.sent === 1 ? '' : 's'}`;
    parts.push(
      svg('rect', { class: 'bar-rect', x, y: top + plotH - h, width: Math.max(1, slot - 2), height: h, 'data-sent': p.sent }, svg('title', {}, label)),
    );
    const d = new Date(p.minute);
    if (d.getMinutes() % 10 === 0 || i === points.length - 1) ticks.push({ x: x + slot / 2, text: i === points.length - 1 ? 'now' : hhmm.format(d) });
  });
  // time labels from the right ("now" first), each dropped when it would touch the one after it:
  // a ten-minute mark in the last few minutes would otherwise sit on "now"
  let nextX = Infinity;
  for (const tick of ticks.reverse()) {
    if (nextX - tick.x < TICK_GAP) continue;
    parts.push(svg('text', { class: 'tick', x: tick.x, y: H - 8, 'text-anchor': 'middle' }, tick.text));
    nextX = tick.x;
  }
  $('chart').replaceChildren(...parts);
  const total = points.reduce((t, p) => t + p.sent, 0);
  const peak = points.reduce((b, p) => (p.sent > b.sent ? p : b), points[0] ?? { sent: 0 });
  $('chart-caption').textContent = total
    ? `${n(total)} letters in the last hour; busiest minute ${hhmm.format(new Date(peak.minute))} with ${n(peak.sent)}.`
    : 'No letters sent in the last hour.';
}

function renderCampaigns(stats) {
  const rows = stats.campaigns.map((c) => {
    const d = c.deliveries;
    const owed = d.queued + d.sending + d.sent + d.retrying + d.failed + d.bounced;
    const pct = owed ? Math.floor((d.sent / owed) * 100) : null;
    const late = c.oldestUnsentAgeSeconds !== null && c.oldestUnsentAgeSeconds > LATE_SECONDS;
    return el(
      'tr',
      { 'data-campaign': c.id },
      el('td', {}, el('a', { href: `/c/${encodeURIComponent(c.slug)}` }, c.title), el('span', { class: 'slug' }, c.slug)),
      el('td', {}, el('span', { class: `pill ${c.status}` }, c.status)),
      el('td', { class: 'num' }, n(c.signatures.confirmed), c.signatures.pending ? el('span', { class: 'slug' }, `+${n(c.signatures.pending)} pending`) : null),
      el(
        'td',
        {},
        owed
          ? el(
              'div',
              { class: 'progress' },
              el('progress', { max: owed, value: d.sent, 'aria-label': `${c.title}: ${pct}% sent` }),
              el('span', { class: 'sent-of' }, `${n(d.sent)} / ${n(owed)} (${pct}%)`),
            )
          : '—',
      ),
      el('td', { class: 'num' }, n(waiting(d))),
      el('td', { class: `num${failedOf(d) ? ' late' : ''}` }, n(failedOf(d))),
      el('td', { class: 'num' }, n(c.sentLastHour)),
      el('td', { class: 'num' }, n(c.sentLastDay)),
      el('td', { class: late ? 'late' : null }, age(c.oldestUnsentAgeSeconds)),
    );
  });
  $('campaigns').tBodies[0].replaceChildren(...rows);
  $('campaigns-empty').hidden = rows.length > 0;
}

async function act(button, run, done, what = 'Retry') {
  button.disabled = true;
  try {
    const r = await run();
    notice(done(r));
  } catch (e) {
    notice(`${what} failed: ${e.message}`, true);
  } finally {
    await inFlight; // a refresh begun before the retry would show the letters as they were
    await refresh(true);
  }
}

function renderFailures(failures) {
  const rows = failures.groups.map((g) => {
    const count = g.failed + g.bounced;
    const button = el('button', { type: 'button', class: 'retry-group' }, `Retry ${n(count)}`);
    button.addEventListener('click', () =>
      act(
        button,
        () => api('/api/admin/deliveries/retry-failed', { method: 'POST', body: JSON.stringify({ campaignId: g.campaign.id, reason: g.reason }) }),
        (r) => `${n(r.retried)} letter${r.retried === 1 ? '' : 's'} of ${g.campaign.title} queued again.`,
      ),
    );
    return el(
      'tr',
      {},
      el('td', {}, g.campaign.title),
      el('td', { class: 'reason' }, g.reason),
      el('td', { class: 'num' }, n(count), g.bounced ? el('span', { class: 'slug' }, `${n(g.bounced)} bounced`) : null),
      el('td', {}, ago(g.lastAt)),
      el('td', {}, button),
    );
  });
  $('failures').tBodies[0].replaceChildren(...rows);
  $('failures-empty').hidden = rows.length > 0;
}

/** What became of a retried letter, as the banner says it. */
function retryOutcome(d) {
  const to = `The letter to ${d.target.name}`;
  switch (d.status) {
    case 'sent':
      return { text: `${to} was sent.`, done: true };
    case 'failed':
      return { text: `${to} failed again: ${d.lastError ?? 'no reason given'}`, bad: true, done: true };
    case 'bounced':
      return { text: `${to} was accepted, then bounced: ${d.lastError ?? 'no reason given'}`, bad: true, done: true };
    case 'cancelled':
      return { text: `${to} was cancelled: ${d.lastError ?? 'no longer owed'}`, bad: true, done: true };
    case 'retrying':
      return { text: `${to} was refused for now and will be tried again: ${d.lastError ?? ''}`.trimEnd(), done: false };
    case 'sending':
      return { text: `${to} is being sent…`, done: false };
    default:
      return { text: `${to} is queued again.`, done: false };
  }
}

/**
 * A letter's retry: the banner says what happened to it, not what was asked. The letter is read
 * again until it is sent, failed (again), bounced or cancelled, or until RETRY_WATCH_MS have
 * passed (then it says where the letter stands).
 */
async function retryOne(button, d) {
  button.disabled = true;
  let watched = false;
  try {
    await api(`/api/admin/deliveries/${d.id}/retry`, { method: 'POST' });
    watched = true;
    const until = Date.now() + RETRY_WATCH_MS;
    for (;;) {
      const outcome = retryOutcome(await api(`/api/admin/deliveries/${d.id}`));
      notice(outcome.text, !!outcome.bad);
      if (outcome.done || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, RETRY_WATCH_EVERY_MS));
    }
  } catch (e) {
    notice(watched ? `Retried, but the letter could not be read again: ${e.message}` : `Retry failed: ${e.message}`, true);
  } finally {
    await inFlight;
    await refresh(true);
  }
}

function renderFailed(page) {
  const rows = page.items.map((d) => {
    const button = el(
      'button',
      { type: 'button', class: 'retry-one secondary', 'aria-label': `Retry the letter to ${d.target.name} from ${d.supporterName}` },
      'Retry',
    );
    button.addEventListener('click', () => retryOne(button, d));
    return el(
      'tr',
      { 'data-delivery': d.id },
      el('td', {}, d.target.name, el('span', { class: 'slug' }, d.target.organization)),
      el('td', {}, d.supporterName || '—'),
      el('td', {}, d.campaign.title),
      el('td', { class: 'reason' }, d.lastError ?? ''),
      el('td', { class: 'num' }, n(d.attempts)),
      el('td', {}, ago(d.updatedAt)),
      el('td', {}, button),
    );
  });
  $('failed-letters').tBodies[0].replaceChildren(...rows);
  $('failed-empty').hidden = rows.length > 0;
}

function renderFailing(list) {
  const rows = list.items.map((t) => {
    const button = el('button', { type: 'button', class: 'clear-failing secondary', 'aria-label': `Clear the failing flag of ${t.name}` }, 'Clear');
    button.addEventListener('click', () =>
      act(
        button,
        () => api(`/api/targets/${t.id}/clear-failing`, { method: 'POST' }),
        (r) => `${t.name} is no longer failing: ${n(r.released)} held letter${r.released === 1 ? '' : 's'} queued again.`,
        'Clearing',
      ),
    );
    return el(
      'tr',
      { 'data-target': t.id },
      el('td', {}, t.name, el('span', { class: 'slug' }, t.organization)),
      el('td', {}, t.email),
      el('td', {}, ago(t.failingSince)),
      el('td', { class: 'num' }, n(t.hardBounces)),
      el('td', { class: 'reason' }, t.lastBounceReason ?? ''),
      el('td', { class: 'num late' }, n(t.heldLetters)),
      el('td', {}, button),
    );
  });
  $('failing-targets').tBodies[0].replaceChildren(...rows);
  $('failing-empty').hidden = rows.length > 0;
}

/** Webhook endpoints that are failing (every recent attempt refused) or disabled, with what an admin can do about each. */
function renderWebhooks(list) {
  const rows = list.items
    .filter((w) => !w.enabled || w.failingSince)
    .map((w) => {
      const named = w.description || w.url;
      const button = w.enabled
        ? w.failed > 0
          ? el(
              'button',
              { type: 'button', class: 'replay-webhook secondary', 'aria-label': `Replay the failed deliveries to ${named}` },
              `Replay ${n(w.failed)}`,
            )
          : null
        : el('button', { type: 'button', class: 'enable-webhook secondary', 'aria-label': `Enable ${named} again` }, 'Enable');
      button?.addEventListener('click', () =>
        w.enabled
          ? act(
              button,
              () => api(`/api/admin/webhooks/${w.id}/replay-failed`, { method: 'POST' }),
              (r) => `${n(r.replayed)} deliver${r.replayed === 1 ? 'y' : 'ies'} to ${named} queued again.`,
              'Replay',
            )
          : act(
              button,
              () => api(`/api/admin/webhooks/${w.id}`, { method: 'PATCH', body: JSON.stringify({ enabled: true }) }),
              () => `${named} is enabled again: what it was owed is being sent.`,
              'Enabling',
            ),
      );
      return el(
        'tr',
        { 'data-webhook': w.id },
        el('td', {}, named, w.description ? el('span', { class: 'slug' }, w.url) : null),
        el('td', { class: w.enabled ? 'late' : 'reason late' }, w.enabled ? 'failing' : `disabled: ${w.disabledReason ?? ''}`),
        el('td', {}, w.failingSince ? ago(w.failingSince) : '—'),
        el('td', { class: 'num' }, n(w.owed)),
        el('td', { class: 'num' }, n(w.failed)),
        el('td', {}, button),
      );
    });
  $('webhooks').tBodies[0].replaceChildren(...rows);
  $('webhooks-empty').hidden = rows.length > 0;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
let forecastAt = 0;

/** The drain forecast of the campaigns with letters waiting (the busiest first), at most once a minute. */
async function loadForecast(stats, force) {
  if (!force && Date.now() - forecastAt < FORECAST_EVERY_MS) return;
  forecastAt = Date.now();
  const busy = stats.campaigns
    .filter((c) => c.status !== 'draft' && waiting(c.deliveries) > 0)
    .sort((a, b) => waiting(b.deliveries) - waiting(a.deliveries))
    .slice(0, FORECAST_CAMPAIGNS);
  try {
    const forecasts = await Promise.all(busy.map((c) => api(`/api/campaigns/${c.id}/forecast`).then((f) => ({ campaign: c, f }))));
    renderForecast(forecasts);
    $('forecast-error').hidden = true;
  } catch (e) {
    $('forecast-error').textContent = `Could not read the forecast: ${e.message}`;
    $('forecast-error').hidden = false;
  }
}

function renderForecast(forecasts) {
  const rows = forecasts.flatMap(({ campaign, f }) =>
    f.targets
      .filter((t) => t.backlog > 0)
      .map((t) => {
        // letters held until delivery.startAt: the projection counts from then (or says only that nothing goes before it)
        const from = t.heldUntil ? `Held until ${dateTime.format(new Date(t.heldUntil))} (delivery.startAt).` : null;
        const by =
          t.basis === 'held'
            ? 'held'
            : t.projectedDrainAt === null
              ? t.heldUntil
                ? `after ${dateTime.format(new Date(t.heldUntil))}`
                : 'unknown'
              : t.projectedSeconds === 0
                ? 'now'
                : dateTime.format(new Date(t.projectedDrainAt));
        return el(
          'tr',
          { 'data-campaign': campaign.id, 'data-target': t.targetId },
          el('td', {}, campaign.title),
          el('td', {}, t.name, t.mode === 'digest' ? el('span', { class: 'slug' }, 'digest letters') : null),
          el('td', { class: 'num' }, n(t.backlog)),
          el('td', { class: 'num' }, t.maxPerHour === null ? '—' : n(t.maxPerHour)),
          el('td', { class: 'num' }, n(t.sentLastHour)),
          el('td', { class: t.pastEndsAt || t.basis === 'held' ? 'late' : null }, by),
          el('td', { class: t.warning ? 'reason late' : 'reason' }, [t.warning, from].filter(Boolean).join(' ')),
        );
      }),
  );
  $('forecast').tBodies[0].replaceChildren(...rows);
  $('forecast-empty').hidden = rows.length > 0;
}

function renderQueues(stats) {
  const rows = Object.entries(stats.queues).map(([name, q]) =>
    el('tr', {}, el('th', { scope: 'row' }, name), ...['waiting', 'active', 'delayed', 'failed'].map((k) => el('td', { class: 'num' }, n(q[k])))),
  );
  $('queues').tBodies[0].replaceChildren(...rows);
  $('queues-error').hidden = !stats.queueError;
  $('queues-error').textContent = stats.queueError ? `Redis did not answer: ${stats.queueError}` : '';
}

async function load(force = false) {
  const [stats, perMinute, failures, failed, failing, webhooks] = await Promise.all([
    api('/api/admin/stats'),
    api('/api/admin/stats/sent-per-minute?minutes=60'),
    api('/api/admin/deliveries/failures'),
    api('/api/admin/deliveries?status=failed&limit=10'),
    api('/api/targets/failing'),
    api('/api/admin/webhooks'),
  ]);
  renderTotals(stats);
  renderChart(perMinute);
  renderCampaigns(stats);
  renderFailures(failures);
  renderFailed(failed);
  renderFailing(failing);
  renderWebhooks(webhooks);
  renderQueues(stats);
  await loadForecast(stats, force);
  $('updated').textContent = `Updated ${new Date().toLocaleTimeString('en-GB')}`;
  document.body.dataset.refreshed = String(Date.now());
}

function refresh(force = false) {
  inFlight ??= load(force)
    .catch((e) => {
      $('updated').textContent = `Could not refresh: ${e.message}`;
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

function schedule() {
  clearInterval(timer);
  timer = $('auto-refresh').checked ? setInterval(() => document.hidden || refresh(), REFRESH_MS) : null;
}

$('refresh').addEventListener('click', () => refresh(true));
$('auto-refresh').addEventListener('change', schedule);
document.addEventListener('visibilitychange', () => document.hidden || refresh());
schedule();
refresh();

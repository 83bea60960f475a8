// A viral spike on the signing endpoint: autocannon against
// POST /api/public/campaigns/:slug/signatures with a unique supporter per request, 64 connections,
// 30 s, on the built server (ROLE=api, production settings, the signing rate limit raised for the
// run). Beside it, in the same run, the ceiling: the same SQL statement (imported from dist/)
// driven directly with pg at the same concurrency, one signing per statement. (The app gathers the
// signings that arrive together into one statement and one commit, which is how it can pass that
// ceiling.)
//
//   npm run bench:sign      (BENCH_SECONDS=30, BENCH_CONNECTIONS=64 to change)
//   BENCH_ROLE=all npm run bench:sign    the one-box spike (issue 20): one process (ROLE=all)
//                                        signing and sending its own confirmation emails to a
//                                        loopback sink, as `npm start` runs
//
// Checks: the signatures counted in PostgreSQL match the 2xx answers (give or take the requests in
// flight when autocannon stops); no error.
import autocannon from 'autocannon';
import { join } from 'node:path';
import pg from 'pg';
import { BenchRun, DIST, RssSampler, api, liveCampaign, percentile } from './lib.mjs';
import { startSink } from './smtp.mjs';

// the keyed hash of the client address the app stores with each signature (32 bytes)
const IP_HASH = Buffer.alloc(32, 7);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const ROLE = process.env.BENCH_ROLE ?? 'api';
// ROLE=all: how long the confirmations left owed are watched going out after the spike
const DRAIN_SECONDS = 10;
const { SIGN_PENDING_SQL } = await import(join(DIST, 'signatures', 'signing.sql.js'));

// ROLE=all sends the confirmation emails itself: to a sink that counts them
const sink = ROLE === 'all' ? await startSink() : null;
const run = new BenchRun(ROLE === 'all' ? 'sign_all' : 'sign');
const body = (n, tag) =>
  JSON.stringify({
    firstName: 'Amal',
    lastName: `Haddad ${n}`,
    email: `s${n}.${tag}@supporters.example`,
    country: 'LB',
    comment: 'Civilians must be protected.',
  });

try {
  await run.createDatabase();
  const server = await run.start(
    ROLE,
    { RATE_LIMIT_SIGN_PER_MINUTE: '1000000', ...(sink ? { SMTP_URL: sink.url, METRICS_PORT: '0' } : {}) },
    // e.g. BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the API's time goes
    (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
  );
  const token = await run.login(server);
  const campaign = await liveCampaign(server, token, { targets: 3 });
  for (const id of campaign.targetIds) await api(server, token, 'POST', `/api/campaigns/${campaign.id}/targets/${id}/launch`);
  await api(server, token, 'POST', `/api/campaigns/${campaign.id}/launch`);
  const path = `/api/public/campaigns/${campaign.slug}/signatures`;

  const cannon = (tag, duration) => {
    let n = 0;
    return autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration,
      requests: [{ method: 'POST', path, headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body(n++, tag) }) }],
    });
  };

  console.log(`warming up (5 s, ${CONNECTIONS} connections)`);
  await cannon('warm', 5);
  // the requests autocannon left in flight at its deadline are still answered: count after them
  const settledCount = async () => {
    let last = -1;
    for (;;) {
      const [{ n }] = await run.query(`SELECT count(*)::int AS n FROM signatures WHERE campaign_id = $1`, [campaign.id]);
      if (n === last) return n;
      last = n;
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const before = await settledCount();

  console.log(`Appeals (ROLE=${ROLE}): ${SECONDS} s, ${CONNECTIONS} connections, a new supporter per request`);
  const memory = new RssSampler([server.proc.pid]).start();
  const mailedBefore = sink?.accepted ?? 0;
  const r = await cannon('run', SECONDS);
  const mailed = (sink?.accepted ?? 0) - mailedBefore;
  memory.stop();
  const after = await settledCount();
  // ROLE=all: the emails the spike left owed, once it is over (the process no longer busy with signing)
  let drainRate = null;
  if (sink) {
    const from = sink.accepted;
    await new Promise((r) => setTimeout(r, DRAIN_SECONDS * 1000));
    drainRate = (sink.accepted - from) / DRAIN_SECONDS;
  }
  const ok = r['2xx'];
  const rate = ok / SECONDS;
  const failed = r.non2xx + r.errors + r.timeouts;
  const rss = memory.of(server.proc.pid);

  // --- ceiling: the same statement, driven with pg at the same concurrency, on a quiet machine: with
  // ROLE=all the process would still be sending the run's confirmations, and take CPU from it
  await server.stop();
  console.log(`ceiling: the signing statement with pg, ${CONNECTIONS} at once, ${Math.min(SECONDS, 15)} s`);
  const pool = new pg.Pool({ connectionString: run.dbUrl, max: CONNECTIONS });
  const ceilingSeconds = Math.min(SECONDS, 15);
  const latencies = [];
  let seq = 0;
  const until = performance.now() + ceilingSeconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const n = seq++;
        const t = performance.now();
        // one signing per statement: the app's statement, without the app's gathering of signings
        const one = [
          [`c${n}.${run.id}@supporters.example`],
          ['Amal'],
          [`Haddad ${n}`],
          ['LB'],
          [null],
          [campaign.id],
          ['Civilians must be protected.'],
          [null],
          [null],
          [IP_HASH],
          [null],
          [null],
          [null],
        ];
        await pool.query({ name: 'sign-pending', text: SIGN_PENDING_SQL, values: one });
        latencies.push(performance.now() - t);
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  const ceilingRate = latencies.length / ceilingSeconds;

  // autocannon stops at the deadline without counting the answers still on their way: at most one per connection
  const counted = after - before;
  run.check(
    counted >= ok && counted <= ok + CONNECTIONS,
    `signatures counted in PostgreSQL match the 2xx answers (${counted} for ${ok}, at most ${CONNECTIONS} in flight at the deadline)`,
  );
  run.check(failed === 0, `no error (non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`);
  // the absolute figure is the API process's (ROLE=api); one process doing both is held to its ceiling
  if (ROLE === 'api') run.check(rate >= 2500, `at least 2,500 requests/s (${Math.round(rate)})`);
  run.check(r.latency.p99 < 50, `p99 under 50 ms (${r.latency.p99} ms)`);
  if (ROLE === 'all') {
    // the one-box spike: the same process also sends the confirmations, and must keep up with both
    run.check(rate >= 0.6 * ceilingRate, `at least 0.6 of the SQL ceiling while sending confirmations (${(rate / ceilingRate).toFixed(2)})`);
    run.check(mailed > 0, `confirmation emails went out during the run (${mailed}, ${Math.round(mailed / SECONDS)}/s)`);
    run.check(drainRate > mailed / SECONDS, `after the spike they went faster (${Math.round(drainRate)}/s over ${DRAIN_SECONDS} s)`);
    run.check(rss <= 200, `the process stayed at or under 200 MB RSS (${rss})`);
  } else {
    run.check(rate >= 0.5 * ceilingRate, `at least half of the SQL ceiling (${(rate / ceilingRate).toFixed(2)})`);
  }

  run.report(
    [
      ['', 'requests/s', 'p50', 'p99', 'errors', 'RSS under load (max)'],
      [`Appeals (ROLE=${ROLE}): POST signatures`, Math.round(rate), `${r.latency.p50} ms`, `${r.latency.p99} ms`, failed, `${rss} MB`],
      [
        'ceiling: the same SQL with pg',
        Math.round(ceilingRate),
        `${percentile(latencies, 50).toFixed(1)} ms`,
        `${percentile(latencies, 99).toFixed(1)} ms`,
        0,
        '',
      ],
      ['Appeals / ceiling', (rate / ceilingRate).toFixed(2), '', '', '', ''],
    ],
    {
      seconds: SECONDS,
      connections: CONNECTIONS,
      requestsPerSecond: rate,
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max },
      answered2xx: ok,
      signaturesCounted: after - before,
      errors: { non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts },
      rssUnderLoadMb: rss,
      ceiling: { statementsPerSecond: ceilingRate, latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) } },
      ratio: rate / ceilingRate,
      role: ROLE,
      ...(sink ? { confirmationsSentDuringRun: mailed, confirmationsPerSecondAfter: drainRate } : {}),
    },
  );
} finally {
  await run.close();
  await sink?.close();
}

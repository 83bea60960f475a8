// Growth: what years of campaigning do to the admin reads and the background work. Run after
// `npm run build` (`npm run bench:growth` does both). For each size (BENCH_GROWTH_SCALES, default
// "0.1,1": one million letters, then ten million):
//
//   1. a fresh database, migrated, filled in SQL (generate_series): 2,000 campaigns and 20,000
//      officials at every size; 3,000,000 × scale signatures; 10,000,000 × scale letters in every
//      status, a tenth of them owed. Campaign "growth-0000" has 1,000,000 × scale confirmed
//      signatures and one launched official with a letter from each (the proof-of-delivery case),
//      plus one official attached and not launched yet (the launch case). Five supporters signed
//      500 campaigns each (the erasure case). Secondary indexes and foreign keys are dropped for
//      the fill and made again after it (the same definitions, read from the catalogue), then
//      VACUUM ANALYZE;
//   2. the built server (`node dist/main.js`, ROLE=api) and later a worker (ROLE=worker) on a
//      fresh Redis prefix;
//   3. checks each answer against the rows, then measures p50/p99 with autocannon beside the same
//      run's ceilings (GET /health; one letter by id): the stats, the deliveries list (first page,
//      a filtered page, a page from a cursor half-way down), campaigns and officials lists, a
//      campaign view and its drain forecast (the big campaign and a small one);
//   4. the proof-of-delivery CSV of the official with 1,000,000 × scale letters: time, lines =
//      the receipt's total, and the API's RSS before and at its peak;
//   5. erasing each of the five supporters with 500 signatures: time each, what was cancelled;
//   6. a reconciler pass over every owed letter (the letters queue paused so nothing is sent): a
//      worker with RECONCILE_INTERVAL_SECONDS=1 until each owed letter has exactly one job; time,
//      rows/s, the worker's RSS, and what each periodic task's run took at this size
//      (appeals_maintenance_task_seconds from the worker's /metrics);
//   7. launching the waiting official on the big campaign: time until every confirmed signature
//      owes it a letter (the backfill job), the API's and the worker's RSS;
//   8. prints one table with each figure at each size, and writes bench/results/growth.json.
//      Exits 1 when a check fails or an admin read's p99 passes 100 ms.
//
// Environment: BENCH_POSTGRES_URL, REDIS_URL (as every benchmark), BENCH_GROWTH_SCALES (e.g. "0.01"
// for a quick try), BENCH_REQUESTS (default 500 per measurement), BENCH_KEEP_DB=1.
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { BenchRun, REDIS_URL, RssSampler, api, freePort, percentile, rssMb } from './lib.mjs';

const SCALES = (process.env.BENCH_GROWTH_SCALES ?? '0.1,1').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const BUDGET_MS = 100;
const CAMPAIGNS = 2000;
const TARGETS = 20_000;
const HEAVY = 5; // supporters with 500 signatures each
const HEAVY_SIGNATURES = 500;
const TARGETS_PER_CAMPAIGN = 5;

const report = new BenchRun('growth');
const check = (ok, what) => report.check(ok, what);
const seconds = (t0) => Math.round((performance.now() - t0) / 100) / 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n) => Number(n).toLocaleString('en');

async function waitUntil(what, fn, timeoutMs, everyMs = 250) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------- 1. the data
async function fill(run, scale) {
  const q = (sql, params) => run.query(sql, params);
  const supporters = Math.round(1_000_000 * scale);
  const t0 = performance.now();
  // a fill without the secondary indexes and foreign keys of the two big tables: made again after
  const big = ['deliveries', 'signatures'];
  const indexes = await q(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)
        AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
    [big],
  );
  const fks = await q(
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)`,
    [big],
  );
  for (const i of indexes) await q(`DROP INDEX ${i.indexname}`);
  for (const f of fks) await q(`ALTER TABLE ${f.tbl} DROP CONSTRAINT ${f.conname}`);

  await q(
    `INSERT INTO campaigns (slug, title, summary, appeal, status, launched_at, created_at)
     SELECT 'growth-' || lpad(g::text, 4, '0'), 'Growth campaign ' || g, 'generated',
            '{"subject": "Stop the assault on Homs", "body": "Dear {{target.title}} {{target.name}},\\n\\nAct now.\\n\\n{{supporter.comment}}"}'::jsonb,
            'live', now() - interval '40 days', now() - interval '40 days' + make_interval(secs => g)
       FROM generate_series(0, ${CAMPAIGNS - 1}) g`,
  );
  await q(
    `INSERT INTO targets (name, title, organization, country, email)
     SELECT 'Official ' || g, 'Minister', 'State ' || (g % 190), 'LB', 'official' || lpad(g::text, 5, '0') || '@gov' || (g % 190) || '.example'
       FROM generate_series(0, ${TARGETS - 1}) g`,
  );
  // numbers for ids, for the generating statements (dropped at the end)
  await q(`CREATE UNLOGGED TABLE growth_c AS SELECT id, substr(slug, 8)::int AS k FROM campaigns`);
  await q(`CREATE UNLOGGED TABLE growth_t AS SELECT id, substr(email, 9, 5)::int AS k FROM targets`);
  await q(`CREATE UNIQUE INDEX ON growth_c (k)`);
  await q(`CREATE UNIQUE INDEX ON growth_t (k)`);
  // campaign 0: official 0 launched, official 1 attached and waiting; every other campaign: 5 officials launched
  await q(
    `INSERT INTO campaign_targets (campaign_id, target_id, status, launched_at, backfilled_at)
     SELECT c.id, t.id, 'launched', now() - interval '40 days', now() - interval '40 days'
       FROM growth_c c JOIN generate_series(0, ${TARGETS_PER_CAMPAIGN - 1}) j ON c.k > 0
       JOIN growth_t t ON t.k = 2 + (c.k * ${TARGETS_PER_CAMPAIGN} + j) % ${TARGETS - 2}
     UNION ALL SELECT c.id, t.id, 'launched', now() - interval '40 days', now() - interval '40 days' FROM growth_c c, growth_t t WHERE c.k = 0 AND t.k = 0`,
  );
  await q(`INSERT INTO campaign_targets (campaign_id, target_id, status) SELECT c.id, t.id, 'pending' FROM growth_c c, growth_t t WHERE c.k = 0 AND t.k = 1`);
  await q(
    `INSERT INTO supporters (email, first_name, last_name, country, verified_at, created_at)
     SELECT 'supporter' || g || '@mail.example', 'First' || g, 'Last', 'LB', now() - interval '35 days', now() - interval '35 days'
       FROM generate_series(1, ${supporters}) g
     UNION ALL
     SELECT 'heavy' || h || '@mail.example', 'Heavy' || h, 'Signer', 'LB', now() - interval '35 days', now() - interval '35 days'
       FROM generate_series(1, ${HEAVY}) h`,
  );
  await q(`CREATE UNLOGGED TABLE growth_s AS SELECT id, substr(split_part(email, '@', 1), 10)::int AS g FROM supporters WHERE email LIKE 'supporter%'`);
  await q(`CREATE UNIQUE INDEX ON growth_s (g)`);
  // signatures: everyone signed campaign 0 (confirmed) and two others (27 in 30 confirmed, 2 pending,
  // 1 withdrawn); the heavy supporters signed campaigns 1..500
  await q(
    `INSERT INTO signatures (campaign_id, supporter_id, status, confirmed_at, created_at)
     SELECT c.id, s.id, 'confirmed', now() - interval '30 days' + make_interval(secs => s.g % 2000000), now() - interval '30 days'
       FROM growth_s s, growth_c c WHERE c.k = 0`,
  );
  for (const i of [0, 1]) {
    await q(
      `WITH pick AS (
         SELECT s.id, s.g, 1 + CASE WHEN ${i} = 0 THEN s.g % ${CAMPAIGNS - 1}
                                    ELSE CASE WHEN (s.g * 7 + 3) % ${CAMPAIGNS - 1} = s.g % ${CAMPAIGNS - 1}
                                              THEN (s.g % ${CAMPAIGNS - 1} + 1) % ${CAMPAIGNS - 1} ELSE (s.g * 7 + 3) % ${CAMPAIGNS - 1} END END AS k,
                ((s.g * 2 + ${i}) % 30) AS r
           FROM growth_s s)
       INSERT INTO signatures (campaign_id, supporter_id, status, confirmed_at, withdrawn_at, created_at)
       SELECT c.id, pick.id, CASE WHEN r < 27 THEN 'confirmed' WHEN r < 29 THEN 'pending' ELSE 'withdrawn' END,
              CASE WHEN r < 27 OR r = 29 THEN now() - interval '30 days' + make_interval(secs => pick.g % 2000000) END,
              CASE WHEN r = 29 THEN now() - interval '1 day' END,
              now() - interval '30 days' + make_interval(secs => pick.g % 2000000)
         FROM pick JOIN growth_c c ON c.k = pick.k`,
    );
  }
  await q(
    `INSERT INTO signatures (campaign_id, supporter_id, status, confirmed_at, created_at)
     SELECT c.id, s.id, 'confirmed', now() - interval '20 days', now() - interval '20 days'
       FROM supporters s JOIN growth_c c ON c.k BETWEEN 1 AND ${HEAVY_SIGNATURES} WHERE s.email LIKE 'heavy%'`,
  );
  const fillSignatures = seconds(t0);

  // letters: one per confirmed signature and launched official. Of each 100: 2 failed, 1 bounced,
  // 3 retrying, 7 queued (a tenth owed), 1 cancelled, 86 sent. Made over the last 30 days, in chunks
  // of campaigns.
  const t1 = performance.now();
  const chunk = 250;
  for (let from = 0; from < CAMPAIGNS; from += chunk) {
    await q(
      `WITH owed AS (
         SELECT s.campaign_id, ct.target_id, s.id AS signature_id,
                hashtextextended(s.id::text || ct.target_id::text, 0) AS h
           FROM growth_c c
           JOIN signatures s ON s.campaign_id = c.id AND s.status = 'confirmed'
           JOIN campaign_targets ct ON ct.campaign_id = c.id AND ct.status = 'launched'
          WHERE c.k >= $1 AND c.k < $2),
       st AS (
         SELECT owed.*, abs(h % 100) AS r, now() - make_interval(secs => 120 + abs(h / 100 % 2592000)) AS at FROM owed)
       INSERT INTO deliveries (campaign_id, target_id, signature_id, status, attempts, created_at, updated_at, sent_at, message_id, last_error)
       SELECT campaign_id, target_id, signature_id, x.status,
              CASE WHEN x.status IN ('queued', 'cancelled') THEN 0 ELSE 1 END,
              at, at,
              CASE WHEN x.status IN ('sent', 'bounced') THEN at + interval '30 seconds' END,
              CASE WHEN x.status IN ('sent', 'bounced') THEN '<' || md5(signature_id::text || target_id::text) || '@bench.example>' END,
              CASE WHEN x.status IN ('failed', 'bounced', 'retrying') THEN '550 5.1.1 no such user' END
         FROM st CROSS JOIN LATERAL (SELECT CASE WHEN r < 2 THEN 'failed' WHEN r < 3 THEN 'bounced' WHEN r < 6 THEN 'retrying'
                                                  WHEN r < 13 THEN 'queued' WHEN r < 14 THEN 'cancelled' ELSE 'sent' END AS status) x`,
      [from, from + chunk],
    );
  }
  const fillDeliveries = seconds(t1);

  const t2 = performance.now();
  const client = await run.pool.connect();
  try {
    await client.query(`SET maintenance_work_mem = '1GB'`);
    for (const i of indexes) await client.query(i.indexdef);
    for (const f of fks) {
      await client.query(`ALTER TABLE ${f.tbl} ADD CONSTRAINT ${f.conname} ${f.def} NOT VALID`);
      await client.query(`ALTER TABLE ${f.tbl} VALIDATE CONSTRAINT ${f.conname}`);
    }
  } finally {
    client.release();
  }
  await q(`DROP TABLE growth_s`);
  const indexSeconds = seconds(t2);
  const t3 = performance.now();
  await q('VACUUM ANALYZE');
  const [sizes] = await q(
    `SELECT (SELECT count(*) FROM deliveries)::int AS deliveries, (SELECT count(*) FROM signatures)::int AS signatures,
            (SELECT count(*) FROM supporters)::int AS supporters, (SELECT count(*) FROM campaigns)::int AS campaigns,
            (SELECT count(*) FROM targets)::int AS targets,
            pg_total_relation_size('deliveries')::bigint AS deliveries_bytes, pg_total_relation_size('signatures')::bigint AS signatures_bytes,
            pg_database_size(current_database())::bigint AS database_bytes`,
  );
  const data = {
    ...sizes,
    deliveriesMB: Math.round(Number(sizes.deliveries_bytes) / 2 ** 20),
    signaturesMB: Math.round(Number(sizes.signatures_bytes) / 2 ** 20),
    databaseMB: Math.round(Number(sizes.database_bytes) / 2 ** 20),
    fillSeconds: { signatures: fillSignatures, deliveries: fillDeliveries, indexes: indexSeconds, vacuumAnalyze: seconds(t3) },
  };
  delete data.deliveries_bytes;
  delete data.signatures_bytes;
  delete data.database_bytes;
  console.log(
    `  ${fmt(data.deliveries)} letters, ${fmt(data.signatures)} signatures, ${fmt(data.campaigns)} campaigns, ${fmt(data.targets)} officials; ` +
      `database ${fmt(data.databaseMB)} MB (deliveries ${fmt(data.deliveriesMB)} MB); fill ${JSON.stringify(data.fillSeconds)} s`,
  );
  return data;
}

// ---------------------------------------------------------------- 3. the reads
async function measure(server, headers, name, path, connections, ceiling = false) {
  const opts = { url: `${server.url}${path}`, headers, connections, timeout: 30 };
  const warm = await autocannon({ ...opts, amount: Math.min(20 * connections, REQUESTS) });
  // a read slower than the budget is measured for about 30 s, not REQUESTS times (at a second each,
  // 500 requests would be eight minutes for one figure)
  const amount = Math.min(REQUESTS, Math.max(50, Math.floor((30_000 * connections) / Math.max(1, warm.latency.average))));
  const r = await autocannon({ ...opts, amount });
  check(
    r.non2xx === 0 && r.errors === 0 && r.timeouts === 0,
    `${name} (${connections} connection(s)): no error (${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)`,
  );
  console.log(`    ${name} (${connections} conn.): p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
  return {
    name,
    path,
    connections,
    ceiling,
    requests: amount,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    mean: Math.round(r.latency.average * 10) / 10,
  };
}

async function reads(run, server, headers, token) {
  const q = (sql, params) => run.query(sql, params);
  const get = (path) => api(server, token, 'GET', path);
  const [bigCampaign] = await q(`SELECT id FROM campaigns WHERE slug = 'growth-0000'`);
  const [smallCampaign] = await q(`SELECT id FROM campaigns WHERE slug = 'growth-0700'`);

  console.log('  checking the answers against the rows…');
  const stats = await get('/api/admin/stats');
  const [truth] = await q(`SELECT count(*)::int AS deliveries, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM deliveries`);
  const sum = (rows, key) => rows.reduce((a, c) => a + Object.values(c[key]).reduce((x, y) => x + y, 0), 0);
  check(stats.campaigns?.length === CAMPAIGNS, `stats list the ${fmt(CAMPAIGNS)} campaigns`);
  check(
    sum(stats.campaigns, 'deliveries') === truth.deliveries,
    `stats count every letter (${fmt(sum(stats.campaigns, 'deliveries'))} of ${fmt(truth.deliveries)})`,
  );
  const first = await get('/api/admin/deliveries?limit=50');
  const newest = await q(`SELECT id FROM deliveries ORDER BY created_at DESC, id DESC LIMIT 50`);
  check(first.items?.length === 50 && first.items.every((d, i) => d.id === newest[i].id), 'the first deliveries page is the 50 newest letters');
  // a cursor half-way down the list: the page after the letter in the middle
  const [middle] = await q(`SELECT id, created_at::text AS at FROM deliveries ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`, [
    Math.floor(truth.deliveries / 2),
  ]);
  const deepCursor = Buffer.from(JSON.stringify([middle.at, middle.id])).toString('base64url');
  const deep = await get(`/api/admin/deliveries?limit=50&cursor=${deepCursor}`);
  const deepRows = await q(`SELECT id FROM deliveries WHERE (created_at, id) < ($1::timestamptz, $2::uuid) ORDER BY created_at DESC, id DESC LIMIT 50`, [
    middle.at,
    middle.id,
  ]);
  check(
    deep.items?.length === 50 && deep.items.every((d, i) => d.id === deepRows[i].id),
    `a page from a cursor ${fmt(Math.floor(truth.deliveries / 2))} letters down is the next 50`,
  );
  const [failedTruth] = await q(
    `SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*) FILTER (WHERE status = 'bounced')::int AS bounced
                                  FROM deliveries WHERE campaign_id = $1`,
    [bigCampaign.id],
  );
  const failures = await get(`/api/admin/deliveries/failures?campaignId=${bigCampaign.id}`);
  const grouped = (key) => (failures.groups ?? []).reduce((a, g) => a + g[key], 0);
  check(
    grouped('failed') === failedTruth.failed && grouped('bounced') === failedTruth.bounced,
    `the big campaign's failures grouped by reason count its ${fmt(failedTruth.failed)} failed and ${fmt(failedTruth.bounced)} bounced letters`,
  );
  const perOfficial = await get(`/api/campaigns/${bigCampaign.id}/letters`);
  const [bigTruth] = await q(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1`, [bigCampaign.id]);
  const counted = (perOfficial.targets ?? []).reduce((a, t) => a + Object.values(t.counts).reduce((x, y) => x + y, 0), 0);
  check(counted === bigTruth.n, `the big campaign's letters per official count its ${fmt(bigTruth.n)} letters (${fmt(counted)})`);
  const view = await get(`/api/campaigns/${bigCampaign.id}`);
  check(view.id === bigCampaign.id, 'the big campaign answers');
  const forecast = await get(`/api/campaigns/${bigCampaign.id}/forecast`);
  check(forecast && typeof forecast === 'object', 'the big campaign has a drain forecast');
  const [sample] = await q(`SELECT id FROM deliveries ORDER BY created_at DESC LIMIT 1`);

  const endpoints = [
    ['ceiling: GET /health', '/health', true],
    ['ceiling: one letter by id', `/api/admin/deliveries/${sample.id}`, true],
    ['GET /api/admin/stats', '/api/admin/stats'],
    ['sent per minute (chart)', '/api/admin/stats/sent-per-minute'],
    ['deliveries: first page', '/api/admin/deliveries?limit=50'],
    ['deliveries: half-way down (cursor)', `/api/admin/deliveries?limit=50&cursor=${deepCursor}`],
    ['deliveries: big campaign, failed', `/api/admin/deliveries?limit=50&status=failed&campaignId=${bigCampaign.id}`],
    ['failures by reason', '/api/admin/deliveries/failures'],
    ['letters per official (big campaign)', `/api/campaigns/${bigCampaign.id}/letters`],
    ['campaigns list', '/api/campaigns'],
    ['officials list', '/api/targets'],
    ['campaign view (big)', `/api/campaigns/${bigCampaign.id}`],
    ['campaign view (small)', `/api/campaigns/${smallCampaign.id}`],
    ['drain forecast (big)', `/api/campaigns/${bigCampaign.id}/forecast`],
    ['drain forecast (small)', `/api/campaigns/${smallCampaign.id}/forecast`],
  ];
  const results = [];
  for (const connections of [1, 8]) {
    for (const [name, path, ceiling] of endpoints) results.push(await measure(server, headers, name, path, connections, !!ceiling));
  }
  for (const r of results.filter((x) => !x.ceiling)) check(r.p99 < BUDGET_MS, `${r.name} p99 ${r.p99} ms < ${BUDGET_MS} ms (${r.connections} connection(s))`);
  return { results, bigCampaign: bigCampaign.id };
}

// ---------------------------------------------------------------- 4. the proof-of-delivery CSV
async function receiptCsv(run, server, token, campaignId) {
  const [target] = await run.query(`SELECT t.id FROM targets t WHERE t.email LIKE 'official00000@%'`);
  const json = await api(server, token, 'GET', `/api/campaigns/${campaignId}/targets/${target.id}/receipt?limit=1`);
  const before = rssMb(server.proc.pid);
  const rss = new RssSampler([server.proc.pid]).start();
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/campaigns/${campaignId}/targets/${target.id}/receipt?format=csv`, {
    headers: { authorization: `Bearer ${token}` },
  });
  let lines = 0;
  let bytes = 0;
  let firstByteMs = null;
  for await (const chunk of res.body) {
    firstByteMs ??= performance.now() - t0;
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const ms = performance.now() - t0;
  rss.stop();
  const out = {
    status: res.status,
    lines: lines - 1,
    expected: json.totals.sent,
    MB: Math.round(bytes / 2 ** 20),
    seconds: Math.round(ms / 100) / 10,
    firstByteMs: Math.round(firstByteMs),
    rssBefore: before,
    rssPeak: rss.of(server.proc.pid),
  };
  check(res.status === 200 && out.lines === out.expected, `the CSV has a line per letter delivered (${fmt(out.lines)} of ${fmt(out.expected)})`);
  check(out.rssPeak - out.rssBefore < 60, `the API's RSS stays flat through the CSV (${out.rssBefore} → ${out.rssPeak} MB)`);
  console.log(
    `  receipt CSV: ${fmt(out.lines)} lines, ${out.MB} MB in ${out.seconds} s (first byte ${out.firstByteMs} ms); API RSS ${out.rssBefore} → ${out.rssPeak} MB`,
  );
  return out;
}

// ---------------------------------------------------------------- 5. erasure
async function erasures(run, server, token) {
  const out = [];
  for (let h = 1; h <= HEAVY; h++) {
    const email = `heavy${h}@mail.example`;
    const [owed] = await run.query(
      `SELECT count(*)::int AS n FROM deliveries d JOIN signatures s ON s.id = d.signature_id JOIN supporters p ON p.id = s.supporter_id
        WHERE p.email = $1 AND d.status IN ('queued', 'retrying', 'failed', 'bounced')`,
      [email],
    );
    const t0 = performance.now();
    const r = await api(server, token, 'POST', '/api/admin/supporters/erase', { email });
    const ms = Math.round(performance.now() - t0);
    check(
      r.signatures === HEAVY_SIGNATURES && r.lettersCancelled === owed.n,
      `erasing ${email}: ${r.signatures} signatures anonymised, ${r.lettersCancelled} of ${owed.n} letters cancelled`,
    );
    out.push(ms);
  }
  const sorted = [...out].sort((a, b) => a - b);
  console.log(`  erasure of a supporter with ${HEAVY_SIGNATURES} signatures: ${out.join(', ')} ms`);
  return { ms: out, median: percentile(sorted, 50), max: sorted[sorted.length - 1] };
}

// ---------------------------------------------------------------- 6. the reconciler
function metricSamples(text, name) {
  const out = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const task = /task="([^"]+)"/.exec(line)?.[1];
    const outcome = /outcome="([^"]+)"/.exec(line)?.[1];
    out.set(`${task}/${outcome}`, Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return out;
}

async function reconcilerPass(run, letters, apiServer) {
  const [{ owed }] = await run.query(`SELECT count(*)::int AS owed FROM deliveries WHERE status IN ('queued', 'retrying', 'sending')`);
  const port = await freePort();
  const worker = await run.start('worker', { RECONCILE_INTERVAL_SECONDS: '1', METRICS_PORT: String(port) });
  const rss = new RssSampler([worker.proc.pid, apiServer.proc.pid]).start();
  const startRss = rssMb(worker.proc.pid);
  const t0 = performance.now();
  const jobs = async () => {
    const c = await letters.getJobCounts('wait', 'paused', 'delayed', 'active', 'prioritized');
    return Object.values(c).reduce((a, b) => a + b, 0);
  };
  let lastJobs = 0;
  await waitUntil(
    `a job for each of the ${fmt(owed)} owed letters`,
    async () => {
      lastJobs = await jobs();
      return lastJobs >= owed;
    },
    30 * 60_000,
    200,
  );
  const ms = performance.now() - t0;
  rss.stop();
  await sleep(1500); // one more run: it must find nothing left without a job
  const finalJobs = await jobs();
  check(finalJobs === owed, `the reconciler gave each owed letter exactly one job (${fmt(finalJobs)} jobs, ${fmt(owed)} owed)`);
  const tasks = {};
  {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const sums = metricSamples(text, 'appeals_maintenance_task_seconds_sum');
    const counts = metricSamples(text, 'appeals_maintenance_task_seconds_count');
    for (const [key, count] of counts) {
      if (count > 0) tasks[key] = { runs: count, meanMs: Math.round((sums.get(key) / count) * 1000) };
    }
  }
  const out = {
    owed,
    seconds: Math.round(ms / 100) / 10,
    perSecond: Math.round(owed / (ms / 1000)),
    workerRssStart: startRss,
    workerRssPeak: rss.of(worker.proc.pid),
    tasks,
  };
  console.log(
    `  reconciler: ${fmt(owed)} owed letters given a job in ${out.seconds} s (${fmt(out.perSecond)}/s); worker RSS ${startRss} → peak ${out.workerRssPeak} MB; tasks ${JSON.stringify(tasks)}`,
  );
  return { out, worker };
}

// ---------------------------------------------------------------- 7. a launch on the big campaign
async function launch(run, server, token, worker, campaignId) {
  const [target] = await run.query(`SELECT id FROM targets WHERE email LIKE 'official00001@%'`);
  const [{ confirmed }] = await run.query(`SELECT count(*)::int AS confirmed FROM signatures WHERE campaign_id = $1 AND status = 'confirmed'`, [campaignId]);
  const apiBefore = rssMb(server.proc.pid);
  const rss = new RssSampler([server.proc.pid, worker.proc.pid]).start();
  const t0 = performance.now();
  const r = await fetch(`${server.url}/api/campaigns/${campaignId}/targets/${target.id}/launch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  const answerMs = Math.round(performance.now() - t0);
  check(r.status === 202, `the launch answers 202 at once (${r.status} in ${answerMs} ms)`);
  await waitUntil(
    'the launch backfill',
    async () =>
      (await run.query(`SELECT backfilled_at FROM campaign_targets WHERE campaign_id = $1 AND target_id = $2`, [campaignId, target.id]))[0].backfilled_at,
    60 * 60_000,
    500,
  );
  const ms = performance.now() - t0;
  rss.stop();
  const [{ letters }] = await run.query(`SELECT count(*)::int AS letters FROM deliveries WHERE target_id = $1`, [target.id]);
  check(letters === confirmed, `the launch owes a letter for each confirmed signature (${fmt(letters)} of ${fmt(confirmed)})`);
  const out = {
    letters,
    answerMs,
    seconds: Math.round(ms / 100) / 10,
    perSecond: Math.round(letters / (ms / 1000)),
    apiRssBefore: apiBefore,
    apiRssPeak: rss.of(server.proc.pid),
    workerRssPeak: rss.of(worker.proc.pid),
  };
  check(out.apiRssPeak - apiBefore < 30, `the API's RSS is unchanged by the launch (${apiBefore} → ${out.apiRssPeak} MB)`);
  console.log(
    `  launch: ${fmt(letters)} letters owed in ${out.seconds} s (${fmt(out.perSecond)}/s); API RSS ${apiBefore} → ${out.apiRssPeak} MB, worker peak ${out.workerRssPeak} MB`,
  );
  return out;
}

// ---------------------------------------------------------------- one size
async function atScale(scale) {
  const run = new BenchRun('growth');
  let letters;
  let redis;
  try {
    console.log(`\n=== ${fmt(10_000_000 * scale)} letters (scale ${scale}), database ${run.dbName}`);
    await run.createDatabase();
    report.postgres = run.postgres;
    const data = await fill(run, scale);
    const server = await run.start('api', { STATS_ROLLUP_INTERVAL_SECONDS: '1', LOGIN_ATTEMPTS_PER_15_MIN: '1000' });
    const token = await run.login(server);
    const headers = { authorization: `Bearer ${token}` };
    await waitUntil(
      'the stats roll-up',
      async () => (await run.query(`SELECT (SELECT count(*) FROM campaign_stat_deltas) + (SELECT count(*) FROM target_letter_deltas) AS n`))[0].n === '0',
      10 * 60_000,
    );
    // the fill's letters arrived at once: a delta row per campaign and minute of 30 days (8.6 million
    // at ten million letters), folded into minutes and hours and then all but the last day deleted
    // (by the roll-up, after the fold: waited for here, or the compaction below would run before
    // the delete and keep 30 days of dead rows: 433 MB of minutes for 251,000 live ones).
    // Summaries that only ever hold a day are compacted here, so that the stats read what a steady
    // day leaves in them, not the dead rows of 30 days that arrived in one go; a steady day also
    // leaves the minutes in time order (each minute's rows are written during that minute, into
    // the space the minute a day earlier left), which CLUSTER restores
    await waitUntil(
      'the roll-up to drop minutes and hours older than a day',
      async () =>
        (
          await run.query(`SELECT NOT EXISTS (SELECT 1 FROM campaign_sent_minutes WHERE minute < now() - interval '25 hours')
                              AND NOT EXISTS (SELECT 1 FROM campaign_sent_hours WHERE hour < now() - interval '26 hours') AS done`)
        )[0].done,
      10 * 60_000,
    );
    await run.query('CLUSTER campaign_sent_minutes USING ix_campaign_sent_minutes_minute');
    await run.query('VACUUM FULL campaign_stat_deltas, campaign_sent_hours, target_letter_deltas, target_letter_totals');
    await run.query(
      'ANALYZE campaign_stat_deltas, campaign_stat_totals, campaign_sent_minutes, campaign_sent_hours, target_letter_deltas, target_letter_totals',
    );
    const { results, bigCampaign } = await reads(run, server, headers, token);
    const csv = await receiptCsv(run, server, token, bigCampaign);
    const erase = await erasures(run, server, token);
    // nothing is sent: the letters queue is paused before any worker starts
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    letters = new Queue('appeals', { connection: redis, prefix: run.prefix });
    await letters.pause();
    const { out: reconcile, worker } = await reconcilerPass(run, letters, server);
    const launched = await launch(run, server, token, worker, bigCampaign);
    return { scale, data, results, csv, erase, reconcile, launch: launched };
  } finally {
    await letters?.close();
    redis?.disconnect();
    await run.close();
  }
}

const sizes = [];
try {
  for (const scale of SCALES) sizes.push(await atScale(scale));
} catch (e) {
  console.error(e);
  report.failures.push(String(e.message ?? e));
  process.exitCode = 1;
}

if (sizes.length) {
  const cols = sizes.map((s) => `${fmt(s.data.deliveries)} letters`);
  const rows = [['measure', ...cols]];
  const names = [...new Set(sizes[0].results.map((r) => `${r.name}|${r.connections}`))];
  for (const key of names) {
    const [name, conns] = key.split('|');
    rows.push([
      `${name} (${conns} conn.) p50 / p99`,
      ...sizes.map((s) => {
        const r = s.results.find((x) => x.name === name && String(x.connections) === conns);
        return r ? `${r.p50} / ${r.p99} ms` : '';
      }),
    ]);
  }
  rows.push(['proof-of-delivery CSV (lines, time)', ...sizes.map((s) => `${fmt(s.csv.lines)} in ${s.csv.seconds} s`)]);
  rows.push(['  API RSS before → peak', ...sizes.map((s) => `${s.csv.rssBefore} → ${s.csv.rssPeak} MB`)]);
  rows.push([`erase a supporter with ${HEAVY_SIGNATURES} signatures (median, max)`, ...sizes.map((s) => `${s.erase.median} / ${s.erase.max} ms`)]);
  rows.push(['reconciler pass (owed letters, time)', ...sizes.map((s) => `${fmt(s.reconcile.owed)} in ${s.reconcile.seconds} s`)]);
  rows.push(['  worker RSS start → peak', ...sizes.map((s) => `${s.reconcile.workerRssStart} → ${s.reconcile.workerRssPeak} MB`)]);
  const taskNames = [...new Set(sizes.flatMap((s) => Object.keys(s.reconcile.tasks)))].sort();
  for (const t of taskNames)
    rows.push([
      `  periodic task ${t} (mean run)`,
      ...sizes.map((s) => (s.reconcile.tasks[t] ? `${s.reconcile.tasks[t].meanMs} ms × ${s.reconcile.tasks[t].runs}` : '')),
    ]);
  rows.push(['launch on the big campaign (letters, time)', ...sizes.map((s) => `${fmt(s.launch.letters)} in ${s.launch.seconds} s`)]);
  rows.push(['  API RSS before → peak; worker peak', ...sizes.map((s) => `${s.launch.apiRssBefore} → ${s.launch.apiRssPeak}; ${s.launch.workerRssPeak} MB`)]);
  rows.push(['database size (deliveries table)', ...sizes.map((s) => `${fmt(s.data.databaseMB)} MB (${fmt(s.data.deliveriesMB)} MB)`)]);
  rows.push(['fill: signatures, letters, indexes, analyse', ...sizes.map((s) => Object.values(s.data.fillSeconds).join(', ') + ' s')]);
  report.report(rows, { budgetMs: BUDGET_MS, requestsPerMeasurement: REQUESTS, sizes });
} else {
  process.exitCode = 1;
}

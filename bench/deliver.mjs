// Letters drained at the speed of SMTP: 50,000 owed letters (5 officials launched late on a live
// campaign with 10,000 confirmed signatures, made by the launch backfill) delivered by the worker processes (the built
// server, ROLE=worker; BENCH_WORKERS, default 2, one per core) into a loopback SMTP sink that discards. Beside it, in the same run, the ceiling:
// raw nodemailer, pooled the same way, sending the same letters to the same sink.
//
//   npm run bench:deliver      (BENCH_LETTERS=50000, BENCH_CONCURRENCY, BENCH_POOL to change)
//
// Checks: every delivery row says sent, the sink accepted each letter exactly once.
import { BenchRun, RssSampler } from './lib.mjs';
import { lateLaunchCampaign, launchLate, rawNodemailer, startSink, waitSent } from './smtp.mjs';

const TARGETS = 5;
const LETTERS = Number(process.env.BENCH_LETTERS ?? 50_000);
const SIGNATURES = Math.ceil(LETTERS / TARGETS);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 128);
const POOL = Number(process.env.BENCH_POOL ?? 16);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);

const sink = await startSink();
const sinkUrl = sink.url;
const seen = sink.seen;

const run = new BenchRun('deliver');
try {
  await run.createDatabase();

  // --- ceiling: raw nodemailer, pooled, CONCURRENCY messages in flight, the app's letters
  const rawCount = Math.min(LETTERS, 20_000);
  console.log(`ceiling: raw nodemailer, ${rawCount} letters, ${CONCURRENCY} in flight, pool of ${POOL}`);
  const ceiling = await rawNodemailer(sink, { letters: rawCount, concurrency: CONCURRENCY, pool: POOL });
  const rawSeconds = ceiling.seconds;
  const rawRate = ceiling.rate;
  run.check(sink.accepted === rawCount, `the sink accepted all ${rawCount} raw letters (${sink.accepted})`);
  sink.reset();

  // --- Appeals: an API process and a worker process on the same sink
  const apiProc = await run.start('api', { SMTP_URL: sinkUrl });
  const token = await run.login(apiProc);
  const campaign = await lateLaunchCampaign(run, apiProc, token, { targets: TARGETS, signatures: SIGNATURES });
  const workers = [];
  for (let i = 0; i < WORKERS; i++) {
    workers.push(
      await run.start(
        'worker',
        { SMTP_URL: sinkUrl, WORKER_CONCURRENCY: String(CONCURRENCY), SMTP_POOL_SIZE: String(POOL), METRICS_PORT: '0' },
        // e.g. BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a worker's time goes
        (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ),
    );
  }
  console.log(`Appeals: ${SIGNATURES * TARGETS} letters, ${WORKERS} worker process(es), each WORKER_CONCURRENCY=${CONCURRENCY}, SMTP_POOL_SIZE=${POOL}`);

  const memory = new RssSampler([apiProc.proc.pid, ...workers.map((w) => w.proc.pid)]).start();
  const t0 = performance.now();
  await launchLate(apiProc, token, campaign);
  const expected = SIGNATURES * TARGETS;
  const sent = await waitSent(run, expected);
  const seconds = (performance.now() - t0) / 1000;
  memory.stop();
  const rate = expected / seconds;
  const [lat] = await run.query(
    `SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000) AS p
       FROM deliveries WHERE status = 'sent'`,
  );
  const [p50, p99] = lat.p.map((x) => Math.round(x));
  const rssApi = memory.of(apiProc.proc.pid);
  const rssWorker = Math.max(...workers.map((w) => memory.of(w.proc.pid)));

  run.check(sent === expected, `every one of the ${expected} deliveries says sent (${sent})`);
  run.check(seen.size === expected, `the sink received ${expected} distinct letters (${seen.size})`);
  run.check(
    [...seen.values()].every((n) => n === 1),
    'no letter reached the sink twice',
  );
  run.check(rate >= 1500, `at least 1,500 letters/s (${Math.round(rate)})`);
  run.check(rate >= 0.5 * rawRate, `at least half of raw nodemailer's rate (${(rate / rawRate).toFixed(2)})`);
  run.check(rssApi < 250 && rssWorker < 250, `API and each worker under 250 MB RSS while delivering (${rssApi}, ${rssWorker})`);

  run.report(
    [
      ['', 'letters', 'seconds', 'letters/s', 'p50 queued→accepted', 'p99 queued→accepted', 'RSS while delivering (max)'],
      [
        `Appeals (${WORKERS} worker process${WORKERS > 1 ? 'es' : ''})`,
        expected,
        seconds.toFixed(1),
        Math.round(rate),
        `${p50} ms`,
        `${p99} ms`,
        `worker ${rssWorker} MB (largest), API ${rssApi} MB`,
      ],
      ['ceiling: raw nodemailer', rawCount, rawSeconds.toFixed(1), Math.round(rawRate), '', '', ''],
      ['Appeals / ceiling', '', '', (rate / rawRate).toFixed(2), '', '', ''],
    ],
    {
      letters: expected,
      seconds,
      lettersPerSecond: rate,
      latencyMs: { p50, p99 },
      rssWhileDeliveringMb: { api: rssApi, worker: rssWorker },
      ceiling: { letters: rawCount, seconds: rawSeconds, lettersPerSecond: rawRate },
      ratio: rate / rawRate,
      settings: { workers: WORKERS, concurrency: CONCURRENCY, pool: POOL },
    },
  );
} finally {
  await run.close();
  await sink.close();
}

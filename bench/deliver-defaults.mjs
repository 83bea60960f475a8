// Delivery with the defaults `npm start` gives (issue 20): ONE process (ROLE=all: the API and the
// workers together), WORKER_CONCURRENCY and SMTP_POOL_SIZE left unset, drains the letters a late
// launch owes (BENCH_LETTERS, default 20,000: 5 officials launched on a live campaign with 4,000
// confirmed signatures) into a loopback SMTP sink. Beside it, in the same run, the ceiling: raw
// nodemailer pooled with the same SMTP_POOL_SIZE, sending the app's own letters to the same sink.
//
//   npm run bench:deliver-defaults
//
// Checks: every delivery row says sent, the sink accepted each letter exactly once, the process
// stayed under 200 MB RSS, and the rate is at least 0.9 of the ceiling's.
import { join } from 'node:path';
import { BenchRun, DIST, RssSampler } from './lib.mjs';
import { lateLaunchCampaign, launchLate, rawNodemailer, startSink, waitSent } from './smtp.mjs';

const TARGETS = 5;
const LETTERS = Number(process.env.BENCH_LETTERS ?? 20_000);
const SIGNATURES = Math.ceil(LETTERS / TARGETS);

const sink = await startSink();
const run = new BenchRun('deliver_defaults');
try {
  await run.createDatabase();
  // the defaults, as the app reads them from an environment that leaves them unset
  const { loadConfig } = await import(join(DIST, 'config', 'app-config.js'));
  const defaults = loadConfig(run.env({ SMTP_URL: sink.url }));
  const pool = defaults.smtpPoolSize;
  const concurrency = defaults.workerConcurrency;

  // --- ceiling: raw nodemailer with the same pool, as many letters in flight as the app has; run
  // before and after Appeals, the mean taken (this machine's speed drifts by a third within minutes)
  const measureCeiling = async (when) => {
    console.log(`ceiling (${when}): raw nodemailer, ${LETTERS} letters, ${concurrency} in flight, pool of ${pool}`);
    const result = await rawNodemailer(sink, { letters: LETTERS, concurrency, pool });
    run.check(sink.accepted === LETTERS, `the sink accepted all ${LETTERS} raw letters (${sink.accepted})`);
    sink.reset();
    return result;
  };
  const before = await measureCeiling('before');

  // --- Appeals: one process, nothing tuned
  const app = await run.start('all', { SMTP_URL: sink.url, METRICS_PORT: '0' }, (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean));
  const token = await run.login(app);
  const campaign = await lateLaunchCampaign(run, app, token, { targets: TARGETS, signatures: SIGNATURES });
  console.log(
    `Appeals: ${SIGNATURES * TARGETS} letters owed by a late launch, one process (ROLE=all), WORKER_CONCURRENCY=${concurrency} and SMTP_POOL_SIZE=${pool} (the defaults)`,
  );

  const memory = new RssSampler([app.proc.pid]).start();
  const t0 = performance.now();
  await launchLate(app, token, campaign);
  const expected = SIGNATURES * TARGETS;
  const sent = await waitSent(run, expected);
  const seconds = (performance.now() - t0) / 1000;
  memory.stop();
  const rate = expected / seconds;
  const rss = memory.of(app.proc.pid);
  run.check(sent === expected, `every one of the ${expected} deliveries says sent (${sent})`);
  run.check(sink.seen.size === expected, `the sink received ${expected} distinct letters (${sink.seen.size})`);
  run.check(
    [...sink.seen.values()].every((n) => n === 1),
    'no letter reached the sink twice',
  );
  run.check(rss <= 200, `the process stayed at or under 200 MB RSS while delivering (${rss})`);
  sink.reset();
  await app.stop();
  const after = await measureCeiling('after');
  const ceiling = { rate: (before.rate + after.rate) / 2 };
  run.check(rate >= 0.9 * ceiling.rate, `at least 0.9 of raw nodemailer's rate with the same pool (${(rate / ceiling.rate).toFixed(2)})`);

  run.report(
    [
      ['', 'letters', 'seconds', 'letters/s', 'RSS while delivering (max)'],
      ['Appeals, one process, the defaults', expected, seconds.toFixed(1), Math.round(rate), `${rss} MB`],
      [`ceiling before: raw nodemailer, pool of ${pool}`, LETTERS, before.seconds.toFixed(1), Math.round(before.rate), ''],
      [`ceiling after: raw nodemailer, pool of ${pool}`, LETTERS, after.seconds.toFixed(1), Math.round(after.rate), ''],
      ['ceiling: the mean', '', '', Math.round(ceiling.rate), ''],
      ['Appeals / ceiling', '', '', (rate / ceiling.rate).toFixed(2), ''],
    ],
    {
      letters: expected,
      seconds,
      lettersPerSecond: rate,
      rssWhileDeliveringMb: rss,
      ceiling: {
        letters: LETTERS,
        before: { seconds: before.seconds, lettersPerSecond: before.rate },
        after: { seconds: after.seconds, lettersPerSecond: after.rate },
        lettersPerSecond: ceiling.rate,
      },
      ratio: rate / ceiling.rate,
      settings: { role: 'all', concurrency, pool },
    },
  );
} finally {
  await run.close();
  await sink.close();
}

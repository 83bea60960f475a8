// Near-duplicate flagging at 100,000 personal texts in one campaign (issue 17): the campaign is
// filled with 100,000 fingerprinted texts (70,000 different ones, and 30 families of 1,000 light
// rewrites each, as a campaign whose supporters "personalise" a few templates), written in bulk
// as NearDuplicateIndex would have written them; then 2,000 more texts are checked one by one,
// each with the built NearDuplicateIndex.check() in a transaction of its own as a confirmation
// does it: 1,000 new light rewrites of those families (each must be flagged) and 1,000 new
// different texts (none may be). Beside it, in the same run, the floor: computing the fingerprint
// alone, and one bare lookup of one band key through the same index in a transaction.
//
//   npm run bench:near-duplicates      (BENCH_TEXTS=100000, BENCH_CHECKS=2000 to change)
//
// Checks: every new rewrite flagged as a near-duplicate of its own family, no new different text
// flagged, every checked text stored (fingerprint and 32 band keys), under 5 ms per signature (on
// average, and the median); p99 is printed beside the floor's p99, which shows how much of it the
// machine's other load took (a pure computation has no other reason to vary).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { DataSource } from 'typeorm';
import { BenchRun, DIST, ROOT, percentile } from './lib.mjs';

const TEXTS = Number(process.env.BENCH_TEXTS ?? 100_000);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 2_000);
const FAMILIES = 30;
const FAMILY_SIZE = Math.floor((TEXTS * 0.3) / FAMILIES);
const BATCH = 5_000;
const LIMIT_MS = 5;

const { fingerprint, BANDS } = await import(join(DIST, 'moderation', 'minhash.js'));
const { NearDuplicateIndex } = await import(join(DIST, 'moderation', 'near-duplicate-index.js'));
const { dataSourceOptions } = await import(join(DIST, 'database', 'data-source-options.js'));
// the tests' generator of personal texts (test/helpers/personal-texts.ts: no imports of its own), transpiled here
const generator = ts.transpileModule(readFileSync(join(ROOT, 'test', 'helpers', 'personal-texts.ts'), 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
const { prng, differentText, lightRewrite } = await import(`data:text/javascript;base64,${Buffer.from(generator).toString('base64')}`);

const run = new BenchRun('near_duplicates');
let ds;
try {
  await run.createDatabase();
  const [{ id: campaign }] = await run.query(`INSERT INTO campaigns (slug, title, appeal) VALUES ($1, 'Homs', '{"subject":"s","body":"b"}') RETURNING id`, [
    `bench-${run.id}`,
  ]);

  // --- the texts: families of rewrites of different "templates", and different texts
  const rng = prng(2012);
  const templates = Array.from({ length: FAMILIES }, () => differentText(rng, 'en'));
  const fill = [];
  for (let f = 0; f < FAMILIES; f++) for (let i = 0; i < FAMILY_SIZE; i++) fill.push(lightRewrite(templates[f], rng, 'en'));
  while (fill.length < TEXTS) fill.push(differentText(rng, rng() < 0.8 ? 'en' : rng() < 0.5 ? 'ru' : 'ar'));
  const probes = Array.from({ length: CHECKS }, (_, i) =>
    i % 2
      ? { family: null, text: differentText(rng, rng() < 0.8 ? 'en' : rng() < 0.5 ? 'ru' : 'ar') }
      : { family: i % FAMILIES, text: lightRewrite(templates[i % FAMILIES], rng, 'en') },
  );
  for (let i = probes.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [probes[i], probes[j]] = [probes[j], probes[i]];
  }

  // --- fill: fingerprints computed here, written in batches as check() writes them
  console.log(`filling one campaign with ${TEXTS} personal texts (${FAMILIES} families of ${FAMILY_SIZE} rewrites, the rest different)`);
  let t = performance.now();
  const familyOf = new Map();
  const signatures = async (n) => {
    const supporters = Array.from({ length: n }, () => randomUUID());
    const ids = Array.from({ length: n }, () => randomUUID());
    await run.query(
      `WITH p AS (
         INSERT INTO supporters (id, email, first_name, last_name, country, verified_at)
         SELECT id, 'b.' || id || '@supporters.example', 'Amal', 'Haddad', 'LB', now() FROM unnest($1::uuid[]) AS id
       )
       INSERT INTO signatures (id, campaign_id, supporter_id, status, confirmed_at)
       SELECT s, $3, p, 'confirmed', now() FROM unnest($2::uuid[], $1::uuid[]) AS u(s, p)`,
      [supporters, ids, campaign],
    );
    return ids;
  };
  let fingerprintMs = 0;
  for (let from = 0; from < fill.length; from += BATCH) {
    const texts = fill.slice(from, from + BATCH);
    const ids = await signatures(texts.length);
    const t0 = performance.now();
    const prints = texts.map((x) => fingerprint(x));
    fingerprintMs += performance.now() - t0;
    ids.forEach((id, i) => from + i < FAMILIES * FAMILY_SIZE && familyOf.set(id, Math.floor((from + i) / FAMILY_SIZE)));
    await run.query(
      `INSERT INTO text_fingerprints (signature_id, campaign_id, minhash) SELECT s, $2, m::int4[] FROM unnest($1::uuid[], $3::text[]) AS u(s, m)`,
      [ids, campaign, prints.map((p) => `{${Array.from(p.signature).join(',')}}`)],
    );
    await run.query(`INSERT INTO text_bands (campaign_id, band_key, signature_id) SELECT $1, k, s FROM unnest($2::int8[], $3::uuid[]) AS u(k, s)`, [
      campaign,
      prints.flatMap((p) => p.bands),
      ids.flatMap((id) => Array(BANDS).fill(id)),
    ]);
    process.stdout.write(`\r  ${from + texts.length} texts`);
  }
  await run.query(`VACUUM ANALYZE text_fingerprints, text_bands`);
  const fillSeconds = (performance.now() - t) / 1000;
  const [size] = await run.query(
    `SELECT pg_total_relation_size('text_bands') AS bands, pg_total_relation_size('text_fingerprints') AS fingerprints, (SELECT count(*)::int FROM text_bands) AS rows`,
  );
  console.log(
    `\n  ${fillSeconds.toFixed(0)} s (fingerprints ${(fingerprintMs / 1000).toFixed(1)} s of it); text_bands ${size.rows} rows, ${Math.round(size.bands / 2 ** 20)} MB, text_fingerprints ${Math.round(size.fingerprints / 2 ** 20)} MB (with indexes)`,
  );

  // --- the measured part: check() one signature at a time, each in its own transaction
  ds = await new DataSource({ ...dataSourceOptions(run.dbUrl, 2), logging: ['error'] }).initialize();
  const index = new NearDuplicateIndex();
  const probeIds = await signatures(probes.length);
  // a new rewrite may be found nearest to an earlier new rewrite of its family
  probeIds.forEach((id, i) => probes[i].family !== null && familyOf.set(id, probes[i].family));
  console.log(`checking ${CHECKS} more texts one at a time (${CHECKS / 2} new rewrites, ${CHECKS / 2} new different texts)`);
  const checkMs = [];
  const transactionMs = [];
  const answers = [];
  // a few checks to warm up (not counted, not stored: rolled back)
  for (let i = 0; i < 20; i++)
    await ds
      .transaction(async (em) => {
        await index.check(em, campaign, probeIds[i], probes[i].text);
        throw new Error('warm-up');
      })
      .catch(() => undefined);
  for (let i = 0; i < probes.length; i++) {
    const t0 = performance.now();
    await ds.transaction(async (em) => {
      const t1 = performance.now();
      answers.push(await index.check(em, campaign, probeIds[i], probes[i].text));
      checkMs.push(performance.now() - t1);
    });
    transactionMs.push(performance.now() - t0);
  }
  checkMs.sort((a, b) => a - b);
  transactionMs.sort((a, b) => a - b);

  // --- the floor: the fingerprint alone; one bare lookup of one key through the same index, in a transaction
  const computeMs = [];
  for (const p of probes) {
    const t0 = performance.now();
    fingerprint(p.text);
    computeMs.push(performance.now() - t0);
  }
  computeMs.sort((a, b) => a - b);
  const lookupMs = [];
  const someKeys = (await run.query(`SELECT band_key FROM text_bands TABLESAMPLE SYSTEM (1) LIMIT $1`, [CHECKS])).map((r) => r.band_key);
  for (const key of someKeys) {
    await ds.transaction(async (em) => {
      const t0 = performance.now();
      await em.query(`SELECT signature_id FROM text_bands WHERE campaign_id = $1 AND band_key = $2 LIMIT 1`, [campaign, key]);
      lookupMs.push(performance.now() - t0);
    });
  }
  lookupMs.sort((a, b) => a - b);

  // --- checks
  const rewrites = probes.map((p, i) => [p, answers[i]]).filter(([p]) => p.family !== null);
  const different = probes.map((p, i) => [p, answers[i]]).filter(([p]) => p.family === null);
  const missed = rewrites.filter(([p, a]) => !a.of || familyOf.get(a.of) !== p.family).length;
  const falseFlags = different.filter(([, a]) => a.of).length;
  const similarities = rewrites.map(([, a]) => a.similarity ?? 0).sort((a, b) => a - b);
  const [stored] = await run.query(
    `SELECT (SELECT count(*)::int FROM text_fingerprints WHERE signature_id = ANY($1::uuid[])) AS f, (SELECT count(*)::int FROM text_bands WHERE signature_id = ANY($1::uuid[])) AS b`,
    [probeIds],
  );
  const p50 = percentile(checkMs, 50);
  const p99 = percentile(checkMs, 99);
  run.check(missed === 0, `every new rewrite flagged as a near-duplicate of its own family (${rewrites.length - missed} of ${rewrites.length})`);
  run.check(falseFlags === 0, `no new different text flagged (${falseFlags} of ${different.length})`);
  run.check(stored.f === CHECKS && stored.b === CHECKS * BANDS, `every checked text stored: ${stored.f} fingerprints, ${stored.b} band keys`);
  const mean = checkMs.reduce((a, b) => a + b, 0) / checkMs.length;
  run.check(mean < LIMIT_MS, `under ${LIMIT_MS} ms per signature at ${TEXTS} texts: ${mean.toFixed(2)} ms on average`);
  run.check(p50 < LIMIT_MS, `p50 under ${LIMIT_MS} ms (${p50.toFixed(2)} ms); p99 ${p99.toFixed(2)} ms, with the floor's own p99 beside it below`);
  const load = loadavg()[0];

  const ms = (x) => `${x.toFixed(2)} ms`;
  console.log(`\nload average while it ran: ${load.toFixed(1)} on ${cpus().length} cores`);
  run.report(
    [
      ['', 'p50', 'p99', 'max'],
      [`check(), at ${TEXTS} texts`, ms(p50), ms(p99), ms(checkMs.at(-1))],
      ['  its transaction (BEGIN, check, COMMIT)', ms(percentile(transactionMs, 50)), ms(percentile(transactionMs, 99)), ms(transactionMs.at(-1))],
      ['floor: the fingerprint alone', ms(percentile(computeMs, 50)), ms(percentile(computeMs, 99)), ms(computeMs.at(-1))],
      ['floor: one band key looked up', ms(percentile(lookupMs, 50)), ms(percentile(lookupMs, 99)), ms(lookupMs.at(-1))],
    ],
    {
      texts: TEXTS,
      families: { count: FAMILIES, size: FAMILY_SIZE },
      checks: CHECKS,
      fillSeconds,
      tableMb: { bands: size.bands / 2 ** 20, fingerprints: size.fingerprints / 2 ** 20 },
      checkMs: { mean, p50, p99, max: checkMs.at(-1) },
      // other processes' load on this machine while it ran: the floor's p99 shows what it cost
      loadAverage: load,
      transactionMs: { p50: percentile(transactionMs, 50), p99: percentile(transactionMs, 99) },
      floor: {
        fingerprintMs: { p50: percentile(computeMs, 50), p99: percentile(computeMs, 99) },
        lookupMs: { p50: percentile(lookupMs, 50), p99: percentile(lookupMs, 99) },
      },
      flagged: { rewrites: rewrites.length - missed, of: rewrites.length, minSimilarity: similarities[0], falseFlags, different: different.length },
    },
  );
} finally {
  await ds?.destroy();
  await run.close();
}

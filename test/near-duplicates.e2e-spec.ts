import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { estimateSimilarity, fingerprint, NEAR_DUPLICATE_THRESHOLD } from '../src/moderation/minhash.js';
import { NearDuplicateIndex, type NearDuplicate } from '../src/moderation/near-duplicate-index.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { corpus, differentTexts, type CorpusText } from './helpers/personal-texts.js';

/**
 * The near-duplicate index against PostgreSQL (issue 17): 200 personal texts of one campaign, 40
 * of them light rewrites of one text, checked one by one in the order they were confirmed, each in
 * a transaction of its own as the confirmation does.
 */
describe('near-duplicate detection of personal texts', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const index = new NearDuplicateIndex();

  const newCampaign = async () => {
    const [c] = await db.query<{ id: string }>(`INSERT INTO campaigns (slug, title, appeal) VALUES ($1, 'Homs', '{"subject":"s","body":"b"}') RETURNING id`, [
      `nd-${randomUUID().slice(0, 8)}`,
    ]);
    return c.id;
  };
  /** `n` confirmed signatures of the campaign, their ids in order */
  const newSignatures = async (campaignId: string, n: number) => {
    const supporters = Array.from({ length: n }, () => randomUUID());
    const signatures = Array.from({ length: n }, () => randomUUID());
    await db.query(
      `WITH p AS (
         INSERT INTO supporters (id, email, first_name, last_name, country, verified_at)
         SELECT id, 'nd.' || id || '@supporters.example', 'Amal', 'Haddad', 'LB', now() FROM unnest($1::uuid[]) AS id
       )
       INSERT INTO signatures (id, campaign_id, supporter_id, status, confirmed_at)
       SELECT s, $3, p, 'confirmed', now() FROM unnest($2::uuid[], $1::uuid[]) AS u(s, p)`,
      [supporters, signatures, campaignId],
    );
    return signatures;
  };
  const check = (campaignId: string, signatureId: string, text: string): Promise<NearDuplicate> =>
    ds.transaction((em) => index.check(em, campaignId, signatureId, text));

  let campaign: string;
  let texts: CorpusText[];
  let ids: string[];
  let answers: NearDuplicate[];

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url, 2)).initialize();
    campaign = await newCampaign();
    texts = corpus({ rewrites: 40, different: 160, seed: 17 });
    ids = await newSignatures(campaign, texts.length);
    answers = [];
    for (let i = 0; i < texts.length; i++) answers.push(await check(campaign, ids[i], texts[i].text));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('flags every light rewrite after the first of its family, as a near-duplicate of an earlier rewrite', () => {
    const family = texts.map((t, i) => i).filter((i) => texts[i].kind === 'rewrite');
    expect(family).toHaveLength(40);
    expect(answers[family[0]]).toEqual({ of: null, similarity: null });
    const earlier = new Set<string>([ids[family[0]]]);
    for (const i of family.slice(1)) {
      const a = answers[i];
      expect(a.of && earlier.has(a.of)).toBe(true);
      expect(a.similarity).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
      earlier.add(ids[i]);
    }
  });

  it('flags none of the 160 genuinely different texts (English, Russian, Arabic)', () => {
    const different = texts.map((t, i) => i).filter((i) => texts[i].kind === 'different');
    expect(different).toHaveLength(160);
    expect(new Set(different.map((i) => texts[i].lang))).toEqual(new Set(['en', 'ru', 'ar']));
    expect(different.filter((i) => answers[i].of !== null).map((i) => texts[i].text)).toEqual([]);
  });

  it('has a clear margin between the two: the similarities measured', () => {
    // every earlier text, not only the index's candidates: what the threshold has to separate
    const prints = texts.map((t) => fingerprint(t.text)!.signature);
    let rewriteMin = 1;
    let differentMax = 0;
    const differentBest: number[] = [];
    for (let i = 0; i < texts.length; i++) {
      let bestRewrite = 0;
      let best = 0;
      for (let j = 0; j < i; j++) {
        const s = estimateSimilarity(prints[i], prints[j]);
        best = Math.max(best, s);
        if (texts[i].kind === 'different' || texts[j].kind === 'different') differentMax = Math.max(differentMax, s);
        if (texts[i].kind === 'rewrite' && texts[j].kind === 'rewrite') bestRewrite = Math.max(bestRewrite, s);
      }
      if (texts[i].kind === 'rewrite' && bestRewrite > 0) rewriteMin = Math.min(rewriteMin, bestRewrite);
      if (texts[i].kind === 'different') differentBest.push(best);
    }
    const flagged = answers.filter((a) => a.similarity !== null).map((a) => a.similarity!);
    differentBest.sort((a, b) => a - b);
    const p = (q: number) => differentBest[Math.min(differentBest.length - 1, Math.floor(q * differentBest.length))].toFixed(3);
    console.log(
      [
        `near-duplicates, estimated Jaccard similarity (threshold ${NEAR_DUPLICATE_THRESHOLD}):`,
        `  rewrites, each with its most similar earlier rewrite: min ${rewriteMin.toFixed(3)}`,
        `  as check() answered them (${flagged.length} flagged): min ${Math.min(...flagged).toFixed(3)}, max ${Math.max(...flagged).toFixed(3)}`,
        `  different texts, each with its most similar earlier text: median ${p(0.5)}, p90 ${p(0.9)}, max ${p(1)}`,
        `  any pair with a different text in it: max ${differentMax.toFixed(3)}`,
      ].join('\n'),
    );
    expect(rewriteMin).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD + 0.2);
    expect(differentMax).toBeLessThanOrEqual(NEAR_DUPLICATE_THRESHOLD - 0.1);
  });

  it('flags an exact duplicate, with similarity 1, and an exact duplicate of a short text', async () => {
    const i = texts.findIndex((t) => t.kind === 'different');
    const [copy, short1, short2, short3] = await newSignatures(campaign, 4);
    expect(await check(campaign, copy, `  ${texts[i].text.toUpperCase()}  `)).toEqual({ of: ids[i], similarity: 1 });
    expect(await check(campaign, short1, 'Stop the assault on Homs now!')).toEqual({ of: null, similarity: null });
    expect(await check(campaign, short2, 'stop the assault on Homs, now')).toEqual({ of: short1, similarity: 1 });
    // one word changed in a short text: another text
    expect(await check(campaign, short3, 'Stop the assault on Homs today!')).toEqual({ of: null, similarity: null });
  });

  it('compares a text only with the texts of its own campaign', async () => {
    const other = await newCampaign();
    const [a, b] = await newSignatures(other, 2);
    const i = texts.findIndex((t) => t.kind === 'rewrite');
    expect(await check(other, a, texts[i].text)).toEqual({ of: null, similarity: null });
    expect(await check(other, b, texts[i].text)).toEqual({ of: a, similarity: 1 });
  });

  it('checks in one round trip, and checking a signature again stores nothing more', async () => {
    const [s] = await newSignatures(campaign, 1);
    const text = differentTexts(1, 99)[0].text;
    let statements = 0;
    await ds.transaction(async (em: EntityManager) => {
      // every statement of the transaction, through TypeORM or straight to its connection
      const client = (await em.queryRunner!.connect()) as { query: (...args: unknown[]) => unknown };
      const query = client.query.bind(client);
      client.query = (...args: unknown[]) => (statements++, query(...args));
      try {
        await index.check(em, campaign, s, text);
      } finally {
        client.query = query;
      }
    });
    expect(statements).toBe(1);
    await check(campaign, s, text);
    const [counts] = await db.query<{ f: number; b: number }>(
      `SELECT (SELECT count(*)::int FROM text_fingerprints WHERE signature_id = $1) AS f, (SELECT count(*)::int FROM text_bands WHERE signature_id = $1) AS b`,
      [s],
    );
    expect(counts).toEqual({ f: 1, b: 32 });
  });

  it('stores nothing when the transaction that checked rolls back', async () => {
    const [s] = await newSignatures(campaign, 1);
    await expect(
      ds.transaction(async (em) => {
        await index.check(em, campaign, s, 'Words that are rolled back with the confirmation that checked them.');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await db.query(`SELECT 1 FROM text_fingerprints WHERE signature_id = $1 UNION ALL SELECT 1 FROM text_bands WHERE signature_id = $1`, [s])).toEqual(
      [],
    );
  });

  it('forgets an erased supporter’s text: its fingerprint and band keys are deleted, and later texts are not compared with it', async () => {
    const text = 'A text of my own that I wrote for this campaign, and that I later asked to be erased with everything else of mine.';
    const [first, copy, later] = await newSignatures(campaign, 3);
    expect((await check(campaign, first, text)).of).toBeNull();
    expect((await check(campaign, copy, text)).of).toBe(first);
    const erased = await ds.transaction((em) => index.forget(em, [first, copy, randomUUID()]));
    expect(erased).toBe(2);
    expect(
      await db.query(`SELECT 1 FROM text_fingerprints WHERE signature_id = ANY($1) UNION ALL SELECT 1 FROM text_bands WHERE signature_id = ANY($1)`, [
        [first, copy],
      ]),
    ).toEqual([]);
    expect(await check(campaign, later, text)).toEqual({ of: null, similarity: null });
    expect(await ds.transaction((em) => index.forget(em, []))).toBe(0);
  });

  it('lets a campaign go with its fingerprints and band keys', async () => {
    const other = await newCampaign();
    const [s] = await newSignatures(other, 1);
    await check(other, s, texts[0].text);
    await db.query(`DELETE FROM campaigns WHERE id = $1`, [other]);
    expect(
      await db.query(`SELECT 1 FROM text_fingerprints WHERE signature_id = $1 UNION ALL SELECT 1 FROM text_bands WHERE campaign_id = $2`, [s, other]),
    ).toEqual([]);
  });
});

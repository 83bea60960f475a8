import { randomBytes } from 'node:crypto';
import { expectStatus, type ApiClient } from './api-client.js';
import type { TestDatabase } from './database.js';
import { createTargets, uniq } from './fixtures.js';
import type { ReceivedMail } from './smtp-server.js';

/** `count` supporters who signed and confirmed `campaignId`, written straight to the tables. */
export async function insertConfirmedSignatures(db: TestDatabase, campaignId: string, count: number, confirmedAt = 'now()'): Promise<void> {
  const tag = randomBytes(4).toString('hex');
  await db.query(
    `WITH s AS (
       INSERT INTO supporters (email, first_name, last_name, country, verified_at)
       SELECT 'bulk' || g || '.' || $2 || '@supporters.example', 'First' || g, 'Bulk', 'LB', now()
         FROM generate_series(1, $1::int) g
       RETURNING id
     )
     INSERT INTO signatures (campaign_id, supporter_id, status, confirmed_at)
     SELECT $3, id, 'confirmed', ${confirmedAt} FROM s`,
    [count, tag, campaignId],
  );
}

/** Letters received per delivery id: every owed letter should appear exactly once. */
export function countByDelivery(mails: ReceivedMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of mails) {
    const id = m.headers['x-appeal-delivery'];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Every owed delivery of the campaign is `sent` and was received exactly once. */
export async function expectEachSentExactlyOnce(db: TestDatabase, mails: ReceivedMail[], campaignId: string, expected: number) {
  const rows = await db.query<{ id: string; status: string }>(`SELECT id, status FROM deliveries WHERE campaign_id = $1`, [campaignId]);
  expect(rows).toHaveLength(expected);
  expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  const counts = countByDelivery(mails);
  const twice = [...counts].filter(([, n]) => n > 1);
  expect(twice).toEqual([]);
  expect(new Set(counts.keys())).toEqual(new Set(rows.map((r) => r.id)));
}

/**
 * A campaign with `signatures` confirmed signatures (written to the table while it is a draft)
 * and `targetCount` attached targets. `go()` launches the targets, whose backfill owes every
 * letter at once, then the campaign.
 */
export async function campaignWithLetters(staff: ApiClient, db: TestDatabase, opts: { targets: number; signatures: number; body?: Record<string, unknown> }) {
  const targets = await createTargets(staff, opts.targets);
  const slug = `bulk-${uniq()}`;
  const c = expectStatus(await staff.createCampaign({ slug, title: 'Bulk', appeal: { subject: 'Subject', body: 'Dear {{target.name}}' }, ...opts.body }), 201);
  for (const t of targets) expectStatus(await staff.attachTarget(c.id, t.id), 201);
  await insertConfirmedSignatures(db, c.id, opts.signatures);
  const go = async () => {
    for (const t of targets) expectStatus(await staff.launchTarget(c.id, t.id), 202);
    expectStatus(await staff.launchCampaign(c.id), 200);
  };
  return { id: c.id, slug, targets, go, expected: opts.targets * opts.signatures };
}

/** Waits until `n` deliveries of the campaign say sent; on a timeout, says where the others stand (status, attempts, age). */
export async function waitAllSent(db: TestDatabase, campaignId: string, n: number, timeout = 60_000) {
  const { waitFor } = await import('./wait.js');
  try {
    await waitFor(
      async () => {
        const [r] = await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaignId]);
        return r.n === n;
      },
      `${n} letters sent`,
      { timeout },
    );
  } catch (e) {
    const standing = await db.query(
      `SELECT status, attempts, count(*)::int AS n, round(extract(epoch FROM now() - max(updated_at)))::int AS newest_age_s,
              round(extract(epoch FROM now() - min(updated_at)))::int AS oldest_age_s, min(last_error) AS an_error
         FROM deliveries WHERE campaign_id = $1 GROUP BY status, attempts ORDER BY status, attempts`,
      [campaignId],
    );
    throw new Error(`${(e as Error).message}; the letters stand so: ${JSON.stringify(standing)}`, { cause: e });
  }
}

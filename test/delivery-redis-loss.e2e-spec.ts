import { campaignWithLetters, expectEachSentExactlyOnce, waitAllSent } from './helpers/bulk.js';
import { PrivateRedis } from './helpers/redis-server.js';
import { useStack } from './helpers/use-stack.js';

/**
 * PostgreSQL is the truth, Redis only carries work: if Redis loses every job in the middle of a
 * delivery run, the reconciler finds the letters still owed and the run completes, each letter
 * sent once.
 */
describe('Redis restarted empty mid-delivery', () => {
  let redis: PrivateRedis;
  const { stack, app } = useStack({
    faults: { delayMs: 2 },
    beforeApps: async () => {
      redis = await new PrivateRedis().start();
    },
    app: () => ({ REDIS_URL: redis.url, WORKER_CONCURRENCY: '4' }),
    afterApps: () => redis?.stop(),
  });

  it('delivers all 2,000 letters exactly once after FLUSHALL', async () => {
    const c = await campaignWithLetters(app.admin, stack.db, { targets: 4, signatures: 500 });
    await c.go();
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === c.slug, 300, 30_000);
    await redis.command('FLUSHALL');
    const atFlush = stack.smtp.received.length;
    expect(atFlush).toBeLessThan(2000);
    // every job and the launch backfills are gone from Redis; the rows still say what is owed
    expect(await redis.command('DBSIZE')).toBeLessThan(50);

    await waitAllSent(stack.db, c.id, c.expected, 150_000);
    await expectEachSentExactlyOnce(
      stack.db,
      stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === c.slug),
      c.id,
      c.expected,
    );
    expect(await stack.db.query(`SELECT 1 FROM campaign_targets WHERE campaign_id = $1 AND backfilled_at IS NULL`, [c.id])).toEqual([]);
    // above its waits (30 s + 150 s: 30 s alone, but a machine busy with other work has taken over 90): a slow
    // run fails with the wait's own message, which says where the letters stand, not a bare timeout
  }, 240_000);
});

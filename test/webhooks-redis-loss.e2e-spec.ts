import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import { PrivateRedis } from './helpers/redis-server.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';
import { verifySignature, WebhookReceiver } from './helpers/webhook-receiver.js';

/**
 * PostgreSQL is the truth for webhooks as for letters: if Redis loses every job while deliveries
 * are queued and waiting for retries, the reconciler makes their jobs again from the rows, and
 * each event still reaches the receiver exactly once, each supporter's in order.
 */
describe('Redis restarted empty while webhooks are owed', () => {
  let redis: PrivateRedis;
  const receiver = new WebhookReceiver();
  const { stack, app } = useStack({
    beforeApps: async () => {
      redis = await new PrivateRedis().start();
      await receiver.start();
    },
    app: () => ({ REDIS_URL: redis.url, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_RETRY_MAX_MS: '1000' }),
    afterApps: async () => {
      await receiver.stop();
      await redis?.stop();
    },
  });

  it('delivers every event exactly once after FLUSHALL, in each supporter’s order', async () => {
    const endpoint = expectStatus(await app.admin.post('/api/admin/webhooks', { url: receiver.url, events: ['signature.confirmed', 'letter.sent'] }), 201);
    // refused until Redis has been flushed: what is owed then sits in Redis as waiting and delayed jobs
    let flushed = false;
    receiver.answer = () => (flushed ? 200 : 500);
    const campaign = await createLiveCampaign(app.admin, { targets: await createTargets(app.admin, 2), body: { requireConfirmation: false } });
    const tag = uniq();
    for (let i = 0; i < 20; i++) expectStatus(await app.api.sign(campaign.slug, supporter(i, tag)), 202);
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM webhook_deliveries WHERE status = 'retrying'`)).length >= 20,
      'deliveries waiting for a retry',
      {
        timeout: 30_000,
      },
    );
    const owed = await stack.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status IN ('queued', 'retrying')`);
    expect(owed[0].n).toBeGreaterThan(20);

    await redis.command('FLUSHALL');
    flushed = true;
    expect(await redis.command('DBSIZE')).toBeLessThan(50);

    // every letter sent (each a letter.sent), and every delivery settled
    await waitFor(
      async () =>
        (await stack.db.query(`SELECT count(*)::int AS n FROM webhook_events`))[0].n === 60 &&
        (await stack.db.query(`SELECT 1 FROM webhook_deliveries WHERE status IN ('queued', 'sending', 'retrying')`)).length === 0,
      'every delivery settled after the flush',
      { timeout: 60_000 },
    );
    const events = await stack.db.query<{ id: string; supporter_id: string }>(`SELECT id, supporter_id FROM webhook_events ORDER BY seq`);
    expect(events).toHaveLength(60);
    const accepted = receiver.accepted;
    expect(accepted.map((h) => h.headers['webhook-id']).sort()).toEqual(events.map((e) => e.id).sort());
    expect(accepted.every((h) => verifySignature(endpoint.secret, h))).toBe(true);
    for (const supporterId of new Set(events.map((e) => e.supporter_id))) {
      const expected = events.filter((e) => e.supporter_id === supporterId).map((e) => e.id);
      expect(accepted.filter((h) => h.body.data.supporterId === supporterId).map((h) => h.headers['webhook-id'])).toEqual(expected);
    }
    expect(await stack.db.query(`SELECT DISTINCT status FROM webhook_deliveries`)).toEqual([{ status: 'delivered' }]);
  }, 120_000);
});

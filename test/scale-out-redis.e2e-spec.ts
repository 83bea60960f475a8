import { randomBytes } from 'node:crypto';
import { expectStatus } from './helpers/api-client.js';
import { campaignWithLetters, expectEachSentExactlyOnce, waitAllSent } from './helpers/bulk.js';
import { createLiveCampaign, createTargets, signAndConfirm, supporter } from './helpers/fixtures.js';
import { command, keysOn, RedisProcesses } from './helpers/redis-topologies.js';
import { startApp, type RunningApp, type Stack } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';

/** What a deployment needs of Redis, exercised end to end: login and signing (rate limits), pacing, locks, queues. */
async function deliverThrough(app: RunningApp, stack: Stack) {
  const admin = app.admin;
  // pacing (a Lua script per letter), the reconciler's lock, backfill jobs on the maintenance queue
  const c = await campaignWithLetters(admin, stack.db, {
    targets: 2,
    signatures: 100,
    body: { delivery: { mode: 'individual', maxPerTargetPerHour: 10_000 } },
  });
  await c.go();
  await waitAllSent(stack.db, c.id, 200, 60_000);
  await expectEachSentExactlyOnce(
    stack.db,
    stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === c.slug),
    c.id,
    200,
  );
  // signing (rate limited in Redis) and confirming through the public API
  const live = await createLiveCampaign(admin, { targets: await createTargets(admin, 1) });
  await signAndConfirm(app.api, stack.smtp, live.slug, supporter(1));
  await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === live.slug);
  const stats = expectStatus(await admin.get('/api/admin/stats'), 200);
  expect(stats.queueError).toBeNull();
  expect(Object.keys(stats.queues).sort()).toEqual(['appeals', 'maintenance', 'notifications', 'webhooks']);
  expect(expectStatus(await app.api.get('/health'), 200).info.redis.status).toBe('up');
}

describe('Redis Sentinel and Cluster', () => {
  let redis: RedisProcesses;
  const { stack } = useStack({
    app: false,
    beforeApps: () => {
      redis = new RedisProcesses();
    },
    afterApps: () => redis?.stop(),
  });

  it('through Sentinel: the master is found by name, and everything works on it', async () => {
    const master = await redis.server([]);
    const sentinel = await redis.sentinel(master, 'appeals-master');
    const app = await startApp(stack, {
      // REDIS_URL's host and port are not used: the Sentinel names the master
      REDIS_URL: 'redis://192.0.2.1:6399',
      REDIS_SENTINELS: `127.0.0.1:${sentinel}`,
      REDIS_SENTINEL_NAME: 'appeals-master',
    });
    try {
      await deliverThrough(app, stack);
      expect((await keysOn(master, `${stack.prefix}:appeals:*`)).length).toBeGreaterThan(0);
    } finally {
      await app.stop();
    }
    // above its waits (Redis and the Sentinel starting, up to 10 s each, 60 s for the letters, 20 s for an email)
  }, 150_000);

  it('on a Cluster: BullMQ and the app’s own keys share the QUEUE_PREFIX hash tag, so one slot; connections close at shutdown', async () => {
    const nodes = await redis.cluster(3);
    const prefix = `{c${randomBytes(4).toString('hex')}}`;
    const app = await startApp(stack, {
      REDIS_URL: `redis://127.0.0.1:${nodes[0]}`,
      REDIS_CLUSTER_NODES: nodes.map((p) => `127.0.0.1:${p}`).join(','),
      QUEUE_PREFIX: prefix,
    });
    let stopped = false;
    try {
      await deliverThrough(app, stack);
      // every key of the install (queues, pacing windows, locks, rate limits) is on the one node that owns the tag's slot
      const perNode = await Promise.all(nodes.map((p) => keysOn(p, `${prefix}:*`)));
      const holding = perNode.filter((keys) => keys.length > 0);
      expect(holding).toHaveLength(1);
      const keys = holding[0];
      for (const kind of [':appeals:', ':notifications:', ':maintenance:', ':pace:', ':rl:'])
        expect([kind, keys.some((k) => k.includes(kind))]).toEqual([kind, true]);
      await app.stop();
      stopped = true;
      // nothing of the app is left connected: each node sees only the connection asking
      const clients = await Promise.all(
        nodes.map(async (p) =>
          String(await command(p, 'CLIENT', 'LIST'))
            .trim()
            .split('\n'),
        ),
      );
      expect(clients.map((lines) => lines.length)).toEqual(nodes.map(() => 1));
    } finally {
      if (!stopped) await app.stop();
    }
    // above its waits (the cluster forming, up to 10 s a node and 20 s more, 60 s for the letters, 20 s for an email)
  }, 150_000);
});

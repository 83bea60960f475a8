import { jest } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DeliveryDispatcher } from '../src/deliveries/delivery-dispatcher.js';
import { QUEUES } from '../src/queue/queues.js';
import { PrivateRedis } from './helpers/redis-server.js';
import { startApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';

/**
 * Redis holds work in progress, not history: a queue's events stream stays capped however many
 * jobs pass, every job carries the rules that trim it once finished, and a worker says so at start
 * when Redis may evict keys (and with them jobs).
 */
describe('Redis hygiene', () => {
  const { stack, app: api } = useStack({ app: { ROLE: 'api' } });

  it('6,000 letters enqueued at once leave the events stream at about 5,000 entries, and each job with its trimming rules', async () => {
    // ids of no delivery: nothing consumes this queue (no worker runs), only Redis is looked at
    const ids = Array.from({ length: 6000 }, () => randomUUID());
    const dispatcher = api.app.get(DeliveryDispatcher);
    const queue = api.app.get<Queue>(getQueueToken(QUEUES.letters));
    // a chunk that Redis takes more than 3 s to add (a machine busy with other work) is left to the
    // reconciler by design: here, as the reconciler would, add again those without a job
    let enqueued = await dispatcher.enqueue(ids);
    for (let pass = 0; enqueued < ids.length && pass < 5; pass++) enqueued += await dispatcher.requeue(ids);
    expect(enqueued).toBe(6000);
    expect(await queue.getWaitingCount()).toBe(6000);
    // each job added writes two events ("added", "waiting"): 12,000 without a cap, BullMQ's own
    // default (10,000) with its default; trimming is approximate (whole stream nodes of 100 entries)
    const events = await stack.redis.xlen(`${stack.prefix}:${QUEUES.letters}:events`);
    expect(events).toBeGreaterThanOrEqual(5000);
    expect(events).toBeLessThanOrEqual(5200);

    const job = await queue.getJob(ids[0]);
    expect(job?.opts).toMatchObject({
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
    });
  });

  describe('a worker starting on a Redis that may evict keys', () => {
    let redis: PrivateRedis;
    beforeAll(async () => {
      redis = await new PrivateRedis().start();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    /** What a worker application (on the private Redis) warns while it starts. */
    async function warningsOfAWorkerStarting(): Promise<string[]> {
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        const worker = await startApp(stack, { ROLE: 'worker', REDIS_URL: redis.url });
        await worker.stop();
        return warn.mock.calls.map((args) => String(args[0]));
      } finally {
        warn.mockRestore();
      }
    }

    it('warns when maxmemory-policy is not noeviction, and not when it is', async () => {
      await redis.command('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
      expect(await warningsOfAWorkerStarting()).toContainEqual(expect.stringMatching(/^Redis maxmemory-policy is "allkeys-lru": set it to "noeviction"/));
      await redis.command('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
      expect((await warningsOfAWorkerStarting()).filter((w) => w.includes('maxmemory-policy'))).toEqual([]);
    });
  });
});

import { Queue, Worker, type Job } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { withoutLiveJob } from '../../src/queue/outbox-queue.js';
import { QUEUES } from '../../src/queue/queues.js';
import { clearRedisPrefix, REDIS_URL } from '../helpers/stack.js';

/**
 * Contract: BullMQ's layout of a job in Redis. withoutLiveJob (src/queue/outbox-queue.ts) does
 * not ask BullMQ for each job's state (a Lua script per job); it reads, in one pipeline per 1,000
 * ids, what BullMQ keeps:
 *
 *   HMGET <prefix>:<queue>:<id> timestamp finishedOn   no timestamp: no job; finishedOn: finished
 *   EXISTS <prefix>:<queue>:<id>:lock                   the lock of the worker processing it
 *   LPOS <prefix>:<queue>:active <id>                   active: being processed
 *
 * and takes a job for dead when it is finished, absent, or active without a lock (its worker died
 * and the lock expired). None of this is BullMQ's documented API, so this pins it on a real queue
 * (this file's own key prefix on the shared Redis, deleted afterwards): a waiting and a delayed
 * job, an active locked one, a completed and a failed one, each as that code expects it.
 */
describe('BullMQ: the Redis keys of a job, as withoutLiveJob reads them', () => {
  const prefix = `contract${randomBytes(4).toString('hex')}`;
  const name = QUEUES.letters;
  const token = `contract-worker-${randomBytes(4).toString('hex')}`;
  const LOCK_MS = 30_000;
  const url = new URL(REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  let redis: Redis;
  let queue: Queue;
  let worker: Worker;

  /** exactly the three reads of withoutLiveJob, for one id */
  const layout = async (id: string) => {
    const key = `${prefix}:${name}:${id}`;
    const [timestamp, finishedOn] = (await redis.hmget(key, 'timestamp', 'finishedOn')) as (string | null)[];
    return { timestamp, finishedOn, locked: await redis.exists(`${key}:lock`), activeAt: await redis.lpos(`${prefix}:${name}:active`, id) };
  };
  /** the next job, moved to active and locked by `token`, as a worker takes it */
  const take = async (id: string): Promise<Job> => {
    const job = await worker.getNextJob(token);
    expect(job?.id).toBe(id);
    return job;
  };

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
    queue = new Queue(name, { connection, prefix });
    // no processor: jobs are taken and finished by hand, as a worker would (and no stalled-jobs check runs)
    worker = new Worker(name, null, { connection, prefix, lockDuration: LOCK_MS, autorun: false });
    // taken in this order by the worker below; the waiting and delayed ones are added after
    for (const id of ['active-1', 'done-1', 'failed-1']) await queue.add('deliver', { id }, { jobId: id });
  });
  afterAll(async () => {
    await worker?.close(true);
    await queue?.close();
    if (redis) {
      await clearRedisPrefix(redis, prefix);
      redis.disconnect();
    }
  });

  it('the key of a job is <prefix>:<queue>:<id>, of the active list <prefix>:<queue>:active (Queue#toKey)', () => {
    expect(queue.toKey('0b1f')).toBe(`${prefix}:${name}:0b1f`);
    expect(queue.toKey('active')).toBe(`${prefix}:${name}:active`);
  });

  it('an active job: timestamp, no finishedOn, its lock (the worker\u2019s token, expiring in lockDuration), in the active list', async () => {
    const before = Date.now();
    await take('active-1');
    const l = await layout('active-1');
    expect(l).toEqual({ timestamp: expect.stringMatching(/^\d+$/), finishedOn: null, locked: 1, activeAt: expect.any(Number) });
    expect(Number(l.timestamp)).toBeLessThanOrEqual(before);
    expect(await redis.get(`${prefix}:${name}:active-1:lock`)).toBe(token);
    const ttl = await redis.pttl(`${prefix}:${name}:active-1:lock`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(LOCK_MS);
  });

  it('a completed job: finishedOn set, no lock, out of the active list (the hash kept: removeOnComplete trims it later)', async () => {
    const job = await take('done-1');
    await job.moveToCompleted('sent', token, false);
    expect(await layout('done-1')).toEqual({
      timestamp: expect.stringMatching(/^\d+$/),
      finishedOn: expect.stringMatching(/^\d+$/),
      locked: 0,
      activeAt: null,
    });
  });

  it('a failed job (its one attempt spent): finishedOn set, no lock, out of the active list', async () => {
    const job = await take('failed-1');
    await job.moveToFailed(new Error('550 5.1.1 no such user'), token, false);
    expect(await layout('failed-1')).toEqual({
      timestamp: expect.stringMatching(/^\d+$/),
      finishedOn: expect.stringMatching(/^\d+$/),
      locked: 0,
      activeAt: null,
    });
  });

  it('a waiting and a delayed job: timestamp, no finishedOn, no lock, not in the active list', async () => {
    await queue.add('deliver', { id: 'waiting-1' }, { jobId: 'waiting-1' });
    await queue.add('deliver', { id: 'delayed-1' }, { jobId: 'delayed-1', delay: 3_600_000 });
    for (const id of ['waiting-1', 'delayed-1'])
      expect(await layout(id)).toEqual({ timestamp: expect.stringMatching(/^\d+$/), finishedOn: null, locked: 0, activeAt: null });
  });

  it('no job: no timestamp (HMGET of a missing hash)', async () => {
    expect(await layout('missing-1')).toEqual({ timestamp: null, finishedOn: null, locked: 0, activeAt: null });
  });

  it('so withoutLiveJob keeps the waiting, delayed and locked active jobs, and answers (and removes) the finished and missing ones', async () => {
    const ids = ['waiting-1', 'delayed-1', 'active-1', 'done-1', 'failed-1', 'missing-1'];
    expect(await withoutLiveJob(queue, ids)).toEqual(['done-1', 'failed-1', 'missing-1']);
    expect(await queue.getJob('done-1')).toBeUndefined();
    expect(await queue.getJob('failed-1')).toBeUndefined();
    expect((await queue.getJob('active-1'))?.id).toBe('active-1');
  });

  it('and an active job whose lock is gone (its worker died, the lock expired) as dead', async () => {
    await redis.del(`${prefix}:${name}:active-1:lock`);
    expect(await layout('active-1')).toMatchObject({ finishedOn: null, locked: 0, activeAt: expect.any(Number) });
    expect(await withoutLiveJob(queue, ['active-1', 'waiting-1'])).toEqual(['active-1']);
  });
});

import type { Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { JOBS, type JobPayloads, type JobsOn, type QueueName } from './jobs.js';

/** The jobs that carry one outbox row each. */
type OutboxJobName = JobsOn<Exclude<QueueName, 'maintenance'>>;

const CHUNK = 1000;
const REDIS_TIMEOUT_MS = 3000;
/** dead jobs (finished, or active without a lock) removed at once: each is a Lua script on Redis */
const REMOVALS_AT_ONCE = 50;

/**
 * The ids among `ids` that have no live job in `queue`: no job at all, a finished one (completed
 * or failed, kept for a while), or an active one whose lock expired (its worker died; BullMQ
 * would notice only at its next stalled-jobs check). Such a job is removed, so that a new job
 * with that id can be added. A waiting, delayed or locked active job is live and left alone.
 * An id with no job at all needs no removal: after Redis lost everything, a backlog of a million
 * letters costs one pipelined read per 1,000 ids, not a round trip per letter (that was 1,100
 * ids a second: bench/growth.mjs).
 */
export async function withoutLiveJob(queue: Queue, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const client = await queue.getBackend().client;
  const activeKey = queue.toKey('active');
  const stale: string[] = [];
  const toRemove: string[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const pipeline = client.pipeline();
    for (const id of chunk) {
      const key = queue.toKey(id);
      pipeline.runCommand('hmget', [key, 'timestamp', 'finishedOn']);
      pipeline.runCommand('exists', [`${key}:lock`]);
      pipeline.runCommand('lpos', [activeKey, id]);
    }
    const results = (await withTimeout(pipeline.exec(), REDIS_TIMEOUT_MS, 'job lookup')) ?? [];
    chunk.forEach((id, n) => {
      const [timestamp, finishedOn] = (results[3 * n]?.[1] as (string | null)[] | undefined) ?? [null, null];
      const locked = results[3 * n + 1]?.[1] === 1;
      const active = results[3 * n + 2]?.[1] !== null && results[3 * n + 2]?.[1] !== undefined;
      if (!timestamp) stale.push(id);
      else if (finishedOn || (active && !locked)) {
        stale.push(id);
        toRemove.push(id);
      }
    });
  }
  for (let i = 0; i < toRemove.length; i += REMOVALS_AT_ONCE) {
    await Promise.all(toRemove.slice(i, i + REMOVALS_AT_ONCE).map((id) => queue.remove(id).catch(() => 0)));
  }
  return stale;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * Hands rows of an outbox table (deliveries, notifications) to a BullMQ queue: one job per row,
 * the job id being the row id, the data only that id. Enqueuing twice is harmless (BullMQ keeps
 * one job per id), and a failure to reach Redis never fails the caller: the row in PostgreSQL
 * still says what is owed, and the reconciler enqueues it later.
 */
export class OutboxQueue {
  constructor(
    readonly queue: Queue,
    private readonly jobName: OutboxJobName,
    private readonly jobOptions: () => JobsOptions,
    private readonly log: Logger,
  ) {
    if (queue.name !== JOBS[jobName]) throw new Error(`the ${jobName} job goes on the ${JOBS[jobName]} queue, not ${queue.name}`);
  }

  /** Adds a job per id; returns how many ids reached Redis. */
  async enqueue(ids: readonly string[]): Promise<number> {
    let done = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      try {
        const opts = this.jobOptions();
        await withTimeout(
          this.queue.addBulk(chunk.map((id) => ({ name: this.jobName, data: { id } satisfies JobPayloads[OutboxJobName], opts: { ...opts, jobId: id } }))),
          REDIS_TIMEOUT_MS,
          `enqueue on ${this.queue.name}`,
        );
        done += chunk.length;
      } catch (e) {
        this.log.warn(`${chunk.length} job(s) not enqueued on ${this.queue.name}, the reconciler will: ${(e as Error).message}`);
      }
    }
    return done;
  }

  /** Jobs waiting for a worker (not delayed, not active): what a relay tops up. */
  waiting(): Promise<number> {
    return withTimeout(this.queue.getWaitingCount(), REDIS_TIMEOUT_MS, `count on ${this.queue.name}`);
  }

  /**
   * Makes sure each id has a live job (waiting, delayed or active): a finished job kept under
   * that id (completed or failed, trimmed later) is removed first, since BullMQ ignores a new
   * job whose id it still holds. Returns how many jobs were (re)created.
   */
  async requeue(ids: readonly string[]): Promise<number> {
    const stale = await withoutLiveJob(this.queue, ids);
    return this.enqueue(stale);
  }
}

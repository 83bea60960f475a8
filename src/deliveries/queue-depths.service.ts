import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES } from '../queue/queues.js';

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export type QueueDepths = { ok: true; queues: Record<string, QueueDepth> } | { ok: false; queues: Record<string, QueueDepth>; error: string };

const REDIS_TIMEOUT_MS = 1500;

/**
 * How many jobs each BullMQ queue holds, by state. A stopped Redis must not hang the admin stats
 * or a metrics scrape: after REDIS_TIMEOUT_MS the answer says Redis did not reply.
 */
@Injectable()
export class QueueDepthsService {
  private readonly queues: Queue[];

  constructor(
    @InjectQueue(QUEUES.letters) letters: Queue,
    @InjectQueue(QUEUES.notifications) notifications: Queue,
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
    @InjectQueue(QUEUES.webhooks) webhooks: Queue,
  ) {
    this.queues = [letters, notifications, maintenance, webhooks];
  }

  async read(): Promise<QueueDepths> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const counts = await Promise.race([
        Promise.all(this.queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'failed'))),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
        }),
      ]);
      const queues: Record<string, QueueDepth> = {};
      this.queues.forEach((q, i) => {
        const c = counts[i];
        queues[q.name] = { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
      });
      return { ok: true, queues };
    } catch (e) {
      return { ok: false, queues: {}, error: (e as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}

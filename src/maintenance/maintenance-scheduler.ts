import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { DigestFallbackService } from '../campaigns/digest-fallback.service.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { DeliveryLedger } from '../deliveries/delivery-ledger.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import { PendingRetentionService } from '../privacy/pending-retention.service.js';
import { DeliveryReceiptsService } from '../notifications/delivery-receipts.service.js';
import { maintenanceTaskDuration } from '../metrics/process-metrics.js';
import { InjectRedis } from '../queue/redis.provider.js';
import { FailingEndpoints } from '../webhooks/failing-endpoints.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { Reconciler } from './reconciler.js';

const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

interface Task {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * Periodic work of the worker processes: the reconciler, the closing of campaigns past their
 * endsAt, digest letters, and the webhooks' failing endpoints and retention. Plain timers, not
 * BullMQ schedulers, because a scheduler lives in Redis and would vanish with it: the reconciler
 * is what recovers from exactly that. A Redis lock lets one process at a time run each task.
 */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(MaintenanceScheduler.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<string>();
  private stopped = false;
  private readonly tasks: Task[];

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRedis() private readonly redis: Redis,
    reconciler: Reconciler,
    campaigns: CampaignsService,
    deliveries: DeliveryLedger,
    dispatcher: DeliveryDispatcher,
    retention: PendingRetentionService,
    digestFallback: DigestFallbackService,
    deliveryReceipts: DeliveryReceiptsService,
    failingEndpoints: FailingEndpoints,
    webhooks: WebhookOutbox,
  ) {
    this.tasks = [
      { name: 'reconcile', everyMs: config.reconcileIntervalSeconds * 1000, run: () => reconciler.run() },
      { name: 'close-ended-campaigns', everyMs: 60_000, run: () => campaigns.closeEnded() },
      {
        name: 'digests',
        everyMs: Math.min(60_000, config.reconcileIntervalSeconds * 1000),
        run: async () => dispatcher.enqueue(await deliveries.oweDigests(config.digestGraceSeconds)),
      },
      // unconfirmed signatures past PENDING_RETENTION_DAYS, and supporters left with none (src/privacy)
      { name: 'pending-retention', everyMs: 60 * 60_000, run: () => retention.run() },
      // targets whose backlog passed DIGEST_FALLBACK_BACKLOG switch to digests; receipts to supporters (issue 9)
      { name: 'digest-fallback', everyMs: Math.min(60_000, config.reconcileIntervalSeconds * 1000), run: () => digestFallback.run() },
      { name: 'delivery-receipts', everyMs: Math.min(60_000, config.reconcileIntervalSeconds * 1000), run: () => deliveryReceipts.oweReceipts() },
      // webhook endpoints failing for WEBHOOK_DISABLE_AFTER_HOURS (also looked at after each failed attempt), and old events (src/webhooks)
      { name: 'webhook-endpoints', everyMs: Math.min(60_000, config.reconcileIntervalSeconds * 1000), run: () => failingEndpoints.disable() },
      { name: 'webhook-retention', everyMs: 60 * 60_000, run: () => webhooks.purgeExpired(config.webhooks.retentionDays) },
    ];
  }

  async onApplicationBootstrap() {
    await this.warnAboutEviction();
    for (const task of this.tasks) this.timers.push(setInterval(() => void this.runOnce(task.name), task.everyMs).unref());
  }

  beforeApplicationShutdown() {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
  }

  /** Runs a task now, unless it is running here or (per the lock) in another process. */
  async runOnce(name: string): Promise<unknown> {
    const task = this.tasks.find((t) => t.name === name);
    if (!task || this.stopped || this.running.has(name)) return null;
    this.running.add(name);
    const key = `${this.config.queuePrefix}:lock:${name}`;
    const token = randomUUID();
    try {
      const locked = await this.redis.set(key, token, 'PX', Math.max(task.everyMs * 5, 30_000), 'NX');
      if (!locked) return null;
      const started = performance.now();
      let outcome = 'error';
      try {
        const result = await task.run();
        outcome = 'ok';
        return result;
      } finally {
        maintenanceTaskDuration.observe({ task: name, outcome }, (performance.now() - started) / 1000);
        await this.redis.eval(RELEASE_LOCK, 1, key, token);
      }
    } catch (e) {
      this.log.warn(`${name}: ${(e as Error).message}`);
      return null;
    } finally {
      this.running.delete(name);
    }
  }

  /** BullMQ needs every key kept: a Redis that evicts under memory pressure can lose jobs. */
  private async warnAboutEviction() {
    try {
      const [, policy] = (await this.redis.call('CONFIG', 'GET', 'maxmemory-policy')) as [string, string];
      if (policy && policy !== 'noeviction') {
        this.log.warn(
          `Redis maxmemory-policy is "${policy}": set it to "noeviction" (see docs.bullmq.io, "Going to production"). ` +
            'Appeals recovers lost jobs from PostgreSQL, but eviction makes it work harder.',
        );
      }
    } catch {
      // CONFIG may be disabled on a managed Redis: nothing to check then
    }
  }
}

import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { NotificationOutbox } from './notification-outbox.js';

const BATCH = 1000;

/**
 * The transactional outbox's relay, in worker processes: every NOTIFICATION_RELAY_INTERVAL_MS
 * it takes the emails owed and not yet handed to the queue (written by the signing statement)
 * and enqueues them in bulk. Signing itself then costs one PostgreSQL statement and never waits
 * on Redis. Several relays (one per worker process) share the work through SKIP LOCKED; a job
 * lost after the hand-over is found again by the reconciler, which looks at status, not at this.
 */
@Injectable()
export class NotificationRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(NotificationRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly dispatcher: NotificationDispatcher,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.relay(), this.config.notificationRelayIntervalMs);
    this.timer.unref();
  }

  beforeApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Hands every undispatched email to the queue, a batch at a time; answers how many. */
  async relay(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let total = 0;
    try {
      for (;;) {
        const ids = await this.outbox.takeUndispatched(BATCH);
        if (!ids.length) break;
        total += ids.length;
        await this.dispatcher.enqueue(ids);
        if (ids.length < BATCH) break;
      }
    } catch (e) {
      this.log.warn(`relay: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
    return total;
  }
}

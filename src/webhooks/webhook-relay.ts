import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookOutbox } from './webhook-outbox.js';

const BATCH = 1000;
/** how often a worker looks for new deliveries (an index probe on a partial index: nothing, mostly) */
const RELAY_INTERVAL_MS = 200;

/**
 * The webhook outbox's relay, in worker processes: takes the deliveries written with their
 * events (in producers' transactions, which never wait on Redis) and not yet handed to the queue,
 * and enqueues them in bulk. Several relays share the work through SKIP LOCKED; a job lost after
 * the hand-over is found again by the reconciler, which looks at status, not at this.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(WebhookRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.relay(), RELAY_INTERVAL_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Hands every undispatched delivery to the queue, a batch at a time; answers how many. */
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

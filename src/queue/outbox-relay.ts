import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

const BATCH = 1000;

/** An outbox table's owner, as its relay sees it: the rows written and not yet handed to the queue, taken (SKIP LOCKED) `limit` at a time. */
export interface UndispatchedSource {
  takeUndispatched(limit: number): Promise<string[]>;
}

/** Where the relay hands them: the queue's dispatcher. */
export interface OutboxQueue {
  enqueue(ids: readonly string[]): Promise<unknown>;
}

/**
 * The relay of a transactional outbox, in worker processes: every `intervalMs` it takes the rows
 * owed and not yet handed to the queue (written in the producers' transactions, which never wait
 * on Redis) and enqueues them in bulk, a batch at a time. Several relays (one per worker process)
 * share the work through SKIP LOCKED; a job lost after the hand-over is found again by the
 * reconciler, which looks at status, not at this. The supporter emails' and the webhooks' relays
 * are this, each with its outbox and dispatcher.
 */
export abstract class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  protected constructor(
    private readonly source: UndispatchedSource,
    private readonly queue: OutboxQueue,
    private readonly intervalMs: number,
    name: string,
  ) {
    this.log = new Logger(name);
  }

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.relay(), this.intervalMs);
    this.timer.unref();
  }

  beforeApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Hands every undispatched row to the queue, a batch at a time; answers how many. */
  async relay(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let total = 0;
    try {
      for (;;) {
        const ids = await this.source.takeUndispatched(BATCH);
        if (!ids.length) break;
        total += ids.length;
        await this.queue.enqueue(ids);
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

import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { WAITING_AT_MOST } from './outbox-limits.js';

/**
 * The rows a relay will take, as SQL (`row`: the table or its alias): never handed to the queue and
 * still new. They are the relay's until it takes them, so the reconciler leaves them alone.
 */
export function undispatchedSql(row: string, newStatus: string): string {
  return `${row}.dispatched_at IS NULL AND ${row}.status = '${newStatus}'`;
}

/** An outbox table's owner, as its relay sees it: the rows written and not yet handed to the queue, taken (SKIP LOCKED) `limit` at a time. */
export interface UndispatchedSource {
  takeUndispatched(limit: number): Promise<string[]>;
}

/** Where the relay hands them: the queue's dispatcher. */
export interface OutboxQueue {
  enqueue(ids: readonly string[]): Promise<unknown>;
  /** jobs waiting on the queue for a worker */
  waiting(): Promise<number>;
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
  /** the relay's last turn failed (Redis or PostgreSQL away): said once, not every turn */
  private failing = false;

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

  /**
   * Hands undispatched rows to the queue, as many as bring it up to WAITING_AT_MOST waiting jobs
   * (one batch a turn: after it the queue is full, or nothing was left); answers how many. With
   * Redis unreachable nothing is taken: the rows stay undispatched for the next turn.
   */
  async relay(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let taken = 0;
    try {
      const room = WAITING_AT_MOST - (await this.queue.waiting());
      if (room > 0) {
        const ids = await this.source.takeUndispatched(room);
        taken = ids.length;
        if (taken) await this.queue.enqueue(ids);
      }
      if (this.failing) this.log.log('relay: working again');
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.log.warn(`relay: ${(e as Error).message} (trying again every ${this.intervalMs} ms; said once)`);
      this.failing = true;
    } finally {
      this.running = false;
    }
    return taken;
  }
}

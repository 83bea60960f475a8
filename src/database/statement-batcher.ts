const DEADLOCK = '40P01';
const MAX_TRIES = 4;

interface Waiting<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (error: unknown) => void;
}

export interface StatementBatcherOptions<I> {
  /** the most items one statement takes (default 256) */
  maxBatch?: number;
  /**
   * Items with the same key never share a statement (an `INSERT … ON CONFLICT DO UPDATE` cannot
   * touch one row twice): a second one waits for the next batch. Batches are run in key order, so
   * that concurrent batches lock rows in the same order.
   */
  key?: (item: I) => string;
  /**
   * How long a batch stays open for more items, in ms (default 0: until the event loop's next
   * turn). Where latency matters less than the database's work (letters in flight), a few ms
   * gather several times more items per statement.
   */
  lingerMs?: number;
}

/**
 * Gathers the calls made in one turn of the event loop into one SQL statement: under load, the
 * 64 letters a worker has in flight claim (and record) their rows in a few round trips instead of
 * 64, and a burst of signings commits together; PostgreSQL's statement-level triggers run once per
 * batch. A lone call waits for nothing (the batch closes on setImmediate). `run` answers one
 * output per input, in order.
 *
 * A batch that PostgreSQL picks as a deadlock victim is run again (the statements are idempotent
 * for the rows they have not changed). A batch that fails otherwise is run again item by item, so
 * one bad item fails alone rather than taking the others with it.
 */
export class StatementBatcher<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly key?: (item: I) => string;
  private readonly lingerMs: number;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    options: StatementBatcherOptions<I> = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.key = options.key;
    this.lingerMs = options.lingerMs ?? 0;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.maxBatch && !this.key) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        if (this.lingerMs > 0) setTimeout(() => this.flush(), this.lingerMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush() {
    this.scheduled = false;
    while (this.waiting.length) {
      const batch = this.key ? this.takeDistinct(this.key) : this.waiting.splice(0, this.maxBatch);
      void this.execute(batch);
    }
  }

  /** The next batch of items with distinct keys, in key order; the others stay waiting. */
  private takeDistinct(key: (item: I) => string): Waiting<I, O>[] {
    const taken = new Map<string, Waiting<I, O>>();
    const left: Waiting<I, O>[] = [];
    for (const w of this.waiting) {
      const k = key(w.item);
      if (taken.size < this.maxBatch && !taken.has(k)) taken.set(k, w);
      else left.push(w);
    }
    this.waiting = left;
    return [...taken.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => w);
  }

  private async execute(batch: Waiting<I, O>[], tries = 1): Promise<void> {
    try {
      const outs = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(outs[i]));
    } catch (e) {
      if ((e as { code?: string }).code === DEADLOCK && tries < MAX_TRIES) return this.execute(batch, tries + 1);
      if (batch.length > 1) {
        await Promise.all(batch.map((w) => this.execute([w])));
        return;
      }
      batch[0].reject(e);
    }
  }
}

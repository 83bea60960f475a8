const DEADLOCK = '40P01';
const MAX_TRIES = 4;

interface Waiting<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the calls made in one turn of the event loop into one SQL statement: under load, the
 * 64 letters a worker has in flight claim (and record) their rows in a few round trips instead of
 * 64, and PostgreSQL's statement-level triggers run once per batch. A lone call waits for nothing
 * (the batch closes on setImmediate). `run` answers one output per input, in order.
 *
 * A batch that PostgreSQL picks as a deadlock victim (a multi-row claim crossing a multi-row
 * cancel) is run again: the statements are idempotent for the rows they have not changed.
 */
export class StatementBatcher<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush() {
    this.scheduled = false;
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, this.maxBatch);
      void this.execute(batch);
    }
  }

  private async execute(batch: Waiting<I, O>[], tries = 1): Promise<void> {
    try {
      const outs = await this.run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(outs[i]));
    } catch (e) {
      if ((e as { code?: string }).code === DEADLOCK && tries < MAX_TRIES) return this.execute(batch, tries + 1);
      for (const w of batch) w.reject(e);
    }
  }
}

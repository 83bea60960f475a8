import { StatementBatcher } from './statement-batcher.js';

describe('StatementBatcher', () => {
  it('runs the calls of one event-loop turn as one batch and answers each its own output', async () => {
    const batches: number[][] = [];
    const batcher = new StatementBatcher<number, number>(async (items) => {
      batches.push(items);
      return items.map((n) => n * 10);
    });
    const outs = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    expect(outs).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(await batcher.submit(4)).toBe(40); // a lone call is not held back
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('splits at the batch size', async () => {
    const sizes: number[] = [];
    const batcher = new StatementBatcher<number, number>(
      async (items) => {
        sizes.push(items.length);
        return items;
      },
      { maxBatch: 4 },
    );
    expect(await Promise.all([...Array(10).keys()].map((n) => batcher.submit(n)))).toEqual([...Array(10).keys()]);
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('runs a batch again when PostgreSQL chose it as a deadlock victim, a bounded number of times', async () => {
    let calls = 0;
    const flaky = new StatementBatcher<string, string>(async (items) => {
      if (++calls < 3) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return items;
    });
    expect(await Promise.all([flaky.submit('a'), flaky.submit('b')])).toEqual(['a', 'b']);
    expect(calls).toBe(3);

    calls = 0;
    const stuck = new StatementBatcher<string, string>(async () => {
      calls++;
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    });
    await expect(stuck.submit('a')).rejects.toThrow('deadlock detected');
    expect(calls).toBe(4);
  });

  it('runs a failed batch again item by item, so that one bad item fails alone', async () => {
    const batches: string[][] = [];
    const batcher = new StatementBatcher<string, string>(async (items) => {
      batches.push(items);
      if (items.includes('bad')) throw Object.assign(new Error('value too long'), { code: '22001' });
      return items;
    });
    const results = await Promise.allSettled([batcher.submit('a'), batcher.submit('bad'), batcher.submit('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('never puts two items with the same key in one batch, and runs each batch in key order', async () => {
    const batches: string[][] = [];
    const batcher = new StatementBatcher<string, string>(
      async (items) => {
        batches.push(items);
        return items.map((i) => i.toUpperCase());
      },
      { key: (i) => i.split('#')[0] },
    );
    const outs = await Promise.all(['b#1', 'a#1', 'b#2', 'c#1', 'b#3'].map((i) => batcher.submit(i)));
    expect(outs).toEqual(['B#1', 'A#1', 'B#2', 'C#1', 'B#3']);
    expect(batches).toEqual([['a#1', 'b#1', 'c#1'], ['b#2'], ['b#3']]);
  });
});

describe('StatementBatcher, pipelined', () => {
  it('sends a lone item at once, and gathers what comes while its statement runs into the next one', async () => {
    const batches: number[][] = [];
    const gates: (() => void)[] = [];
    const batcher = new StatementBatcher<number, number>(
      (items) => {
        batches.push(items);
        return new Promise((resolve) => gates.push(() => resolve(items.map((n) => -n))));
      },
      { pipeline: 1 },
    );
    const first = batcher.submit(1);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]); // no wait for company
    // five more while the first statement runs: they wait, and go together when it returns
    const more = [2, 3, 4, 5, 6].map((n) => batcher.submit(n));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]);
    gates.shift()!();
    expect(await first).toBe(-1);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2, 3, 4, 5, 6]]);
    gates.shift()!();
    expect(await Promise.all(more)).toEqual([-2, -3, -4, -5, -6]);
  });

  it('runs at most `pipeline` statements at once, each at most maxBatch items, and loses none when one fails', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const batcher = new StatementBatcher<number, number>(
      async (items) => {
        running++;
        most = Math.max(most, running);
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 2));
        running--;
        if (items.includes(13)) throw new Error('bad item');
        return items;
      },
      { pipeline: 2, maxBatch: 8 },
    );
    const results = await Promise.allSettled([...Array(50).keys()].map((n) => batcher.submit(n)));
    expect(most).toBe(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results.map((r, n) => (r.status === 'fulfilled' ? r.value : n))).toEqual([...Array(50).keys()]);
  });

  it('is refused with a linger: one or the other', () => {
    expect(() => new StatementBatcher(async (i: number[]) => i, { pipeline: 1, lingerMs: 5 })).toThrow('pipelines or lingers, not both');
  });
});

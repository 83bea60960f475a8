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

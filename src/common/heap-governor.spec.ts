import { PerformanceObserver, constants } from 'node:perf_hooks';
import { FIRST_BACKOFF_MS, heapPolicy, MAX_BACKOFF_MS } from './heap-collection-policy.js';
import { governHeap, heapGovernor } from './heap-governor.js';

const MB = 1024 * 1024;
const CHECK_MS = 200;

/**
 * A process's heap over simulated time: `live(t)` bytes in use, plus garbage that grows by
 * `garbagePerCheck` every check until V8's young generation (`youngBytes`) or a full collection
 * clears it. Returns the times of the governor's collections.
 */
function simulate(o: { seconds: number; live: (t: number) => number; garbagePerCheck: number; youngBytes?: number }) {
  let now = 0;
  let garbage = 0;
  let peak = 0;
  const collections: number[] = [];
  const governor = heapGovernor(heapPolicy(112), {
    now: () => now,
    usedBytes: () => o.live(now) + garbage,
    collect: () => {
      garbage = 0;
      collections.push(now);
    },
  });
  for (; now < o.seconds * 1000; now += CHECK_MS) {
    garbage += o.garbagePerCheck;
    if (o.youngBytes && garbage > o.youngBytes) garbage = 0;
    peak = Math.max(peak, o.live(now) + garbage);
    governor.check();
  }
  return { collections, peak };
}

describe('the heap governor', () => {
  it('stops collecting a process whose live data stays above the soft limit: once in an hour, not five times a second', () => {
    const { collections } = simulate({ seconds: 3600, live: () => 150 * MB, garbagePerCheck: 2 * MB, youngBytes: 16 * MB });
    expect(collections).toEqual([0]); // the old governor: 18,000
  });

  it('backs off while live data creeps up past the limit: bounded by the growth, then one collection per 5 minutes', () => {
    const { collections } = simulate({ seconds: 3600, live: (t) => 150 * MB + (t / 1000) * MB, garbagePerCheck: 0 });
    expect(collections.length).toBeLessThanOrEqual(25);
    const gaps = collections.slice(1).map((t, i) => t - collections[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(FIRST_BACKOFF_MS);
    expect(gaps.slice(-3).every((gap) => gap >= MAX_BACKOFF_MS)).toBe(true);
  });

  it('still collects a busy worker shedding garbage at every check that finds it past the limit, keeping its heap near its live data', () => {
    const { collections, peak } = simulate({ seconds: 60, live: () => 50 * MB, garbagePerCheck: 70 * MB });
    expect(collections.length).toBe(60_000 / CHECK_MS);
    expect(peak).toBe(120 * MB);
  });

  it('leaves a process under the limit alone', () => {
    expect(simulate({ seconds: 600, live: () => 60 * MB, garbagePerCheck: 4 * MB, youngBytes: 32 * MB }).collections).toEqual([]);
  });

  it('runs real full collections while the heap grows past the soft limit', async () => {
    let major = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    const stop = governHeap(1); // every heap is above 1 MB: each check that finds 256 KB more collects
    let garbage: unknown[] = [];
    try {
      const deadline = Date.now() + 10_000;
      while (major < 3 && Date.now() < deadline) {
        garbage = Array.from({ length: 20_000 }, (_, i) => ({ i, s: `garbage ${i}` }));
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      stop();
      observer.disconnect();
    }
    expect(garbage.length).toBe(20_000);
    expect(major).toBeGreaterThanOrEqual(3);
  });
});

import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

const MB = 1024 * 1024;
const CHECK_EVERY_MS = 200;
/** V8's own step (its `--semi-space-growth-factor`): a semi-space doubles when it grows */
const V8_GROWTH_FACTOR = 2;

/**
 * Caps V8's young generation from inside the process. V8 starts each of the two semi-spaces of
 * its young generation at 1 MB and doubles them while objects survive, up to 16 MB on a 64-bit
 * machine: 32 MB of the process's memory, resident, whatever the process does (the Appeals API,
 * idle, reached it while starting). `node --max-semi-space-size` sets that maximum, but only on
 * the command line (V8 reads it once, when the heap is made; `v8.setFlagsFromString` of it later
 * does nothing), and `node dist/main.js` is the whole command. V8 reads
 * `--semi-space-growth-factor` each time it grows, though: this keeps it at 1 (no growth) and lets
 * it be 2 for one step at a time while the semi-space is at most half of `semiSpaceMb`, so it stops
 * at that size. Call it before the application's modules load (loading them is what first grows
 * the young generation). 0 leaves it to V8. Returns a function that stops it.
 */
export function capYoungGeneration(semiSpaceMb: number): () => void {
  if (semiSpaceMb <= 0) return () => undefined;
  const capBytes = semiSpaceMb * MB;
  let factor = V8_GROWTH_FACTOR;
  const setFactor = (f: number) => {
    if (f === factor) return;
    setFlagsFromString(`--semi-space-growth-factor=${f}`);
    factor = f;
  };
  setFactor(1);
  let seen = semiSpaceBytes();
  // after each collection: a semi-space that just grew holds there until the next check
  const afterCollection = new PerformanceObserver(() => {
    if (semiSpaceBytes() !== seen) setFactor(1);
  });
  afterCollection.observe({ entryTypes: ['gc'] });
  const timer = setInterval(() => {
    const now = semiSpaceBytes();
    setFactor(youngGrowthFactor(now, seen, capBytes));
    seen = now;
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    afterCollection.disconnect();
    setFactor(V8_GROWTH_FACTOR);
  };
}

/**
 * The growth factor to give V8 now, seeing a semi-space of `semiBytes` (`previousBytes` at the
 * last look): 2 (one doubling) only when the semi-space did not just change and doubling it stays
 * within `capBytes`; 1 otherwise. Pure.
 */
export function youngGrowthFactor(semiBytes: number, previousBytes: number, capBytes: number): number {
  if (semiBytes !== previousBytes) return 1;
  return semiBytes * V8_GROWTH_FACTOR <= capBytes ? V8_GROWTH_FACTOR : 1;
}

/** One semi-space's committed size: the young generation ("new_space") is two of them. */
export function semiSpaceBytes(): number {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return space ? space.space_size / 2 : 0;
}

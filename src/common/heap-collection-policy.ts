/**
 * When the heap governor (heap-governor.ts) runs a full garbage collection: once the heap in use is
 * above the soft limit AND has grown by a quarter of that limit since the last collection left it.
 * Above the limit with nothing new to free (live data alone past it) the heap does not grow, so
 * nothing is collected; when a collection frees little anyway (live data creeping up), the next
 * one waits 1 s, then 2 s, 4 s… up to 5 minutes. A collection that frees a good share brings the
 * wait back to none, so a busy worker shedding garbage is collected at every check, as before.
 * Pure: the clock and the heap reading are arguments.
 */

/** the growth since the last collection that makes another worth its few milliseconds, as a share of the limit */
export const GROWTH_SHARE = 0.25;
export const FIRST_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 5 * 60_000;

export interface HeapPolicy {
  limitBytes: number;
  growthBytes: number;
}

export interface HeapState {
  /** the least heap in use seen since the last collection (V8 collects too), about what is live; 0 before the first */
  baselineBytes: number;
  /** no collection before this time (ms) */
  notBefore: number;
  /** the wait that followed the last collection: 0 while collections free a good share */
  backoffMs: number;
}

export const heapPolicy = (softLimitMb: number): HeapPolicy => {
  const limitBytes = softLimitMb * 1024 * 1024;
  return { limitBytes, growthBytes: limitBytes * GROWTH_SHARE };
};

export const INITIAL_HEAP_STATE: HeapState = { baselineBytes: 0, notBefore: 0, backoffMs: 0 };

/** Whether to collect, seeing `usedBytes` of heap in use at `now` (ms); and the state to keep. */
export function shouldCollect(policy: HeapPolicy, state: HeapState, usedBytes: number, now: number): { collect: boolean; state: HeapState } {
  const baselineBytes = Math.min(state.baselineBytes, usedBytes);
  const collect = usedBytes > policy.limitBytes && usedBytes - baselineBytes >= policy.growthBytes && now >= state.notBefore;
  return { collect, state: { ...state, baselineBytes } };
}

/** The state after a collection at `now` took the heap in use from `beforeBytes` to `afterBytes`. */
export function afterCollection(policy: HeapPolicy, state: HeapState, beforeBytes: number, afterBytes: number, now: number): HeapState {
  const freedLittle = beforeBytes - afterBytes < policy.growthBytes / 2;
  const backoffMs = freedLittle ? Math.min(Math.max(2 * state.backoffMs, FIRST_BACKOFF_MS), MAX_BACKOFF_MS) : 0;
  return { baselineBytes: afterBytes, notBefore: now + backoffMs, backoffMs };
}

import { afterCollection, FIRST_BACKOFF_MS, heapPolicy, INITIAL_HEAP_STATE, MAX_BACKOFF_MS, shouldCollect, type HeapState } from './heap-collection-policy.js';

const MB = 1024 * 1024;
const policy = heapPolicy(112); // growth that earns a collection: 28 MB

describe('when the heap governor collects', () => {
  it('not while the heap is under the soft limit', () => {
    expect(shouldCollect(policy, INITIAL_HEAP_STATE, 100 * MB, 0).collect).toBe(false);
  });

  it('as soon as the heap first passes the limit', () => {
    expect(shouldCollect(policy, INITIAL_HEAP_STATE, 113 * MB, 0).collect).toBe(true);
  });

  it('again only once the heap has grown by a quarter of the limit since the collection left it', () => {
    const state = afterCollection(policy, INITIAL_HEAP_STATE, 200 * MB, 150 * MB, 0);
    expect(shouldCollect(policy, state, 170 * MB, 200).collect).toBe(false);
    expect(shouldCollect(policy, state, 177 * MB, 200).collect).toBe(false);
    expect(shouldCollect(policy, state, 178 * MB, 200).collect).toBe(true);
  });

  it("measures growth from the lowest heap seen since, so V8's own collections lower the baseline", () => {
    let state = afterCollection(policy, INITIAL_HEAP_STATE, 200 * MB, 150 * MB, 0);
    state = shouldCollect(policy, state, 120 * MB, 200).state;
    expect(state.baselineBytes).toBe(120 * MB);
    expect(shouldCollect(policy, state, 150 * MB, 400).collect).toBe(true);
  });

  it('a collection that frees a good share leaves no wait: a busy worker is collected at every check', () => {
    const state = afterCollection(policy, INITIAL_HEAP_STATE, 180 * MB, 60 * MB, 1000);
    expect(state).toEqual({ baselineBytes: 60 * MB, notBefore: 1000, backoffMs: 0 });
    expect(shouldCollect(policy, state, 120 * MB, 1200).collect).toBe(true);
  });

  it('a collection that frees little doubles the wait before the next, from 1 s up to 5 minutes', () => {
    let state: HeapState = INITIAL_HEAP_STATE;
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      state = afterCollection(policy, state, 200 * MB, 195 * MB, 0);
      waits.push(state.backoffMs);
    }
    expect(waits.slice(0, 4)).toEqual([FIRST_BACKOFF_MS, 2 * FIRST_BACKOFF_MS, 4 * FIRST_BACKOFF_MS, 8 * FIRST_BACKOFF_MS]);
    expect(Math.max(...waits)).toBe(MAX_BACKOFF_MS);
    expect(waits.at(-1)).toBe(MAX_BACKOFF_MS);
  });

  it('waits out the back-off even when the heap has grown, and a collection that frees a good share ends it', () => {
    let state = afterCollection(policy, INITIAL_HEAP_STATE, 200 * MB, 196 * MB, 10_000);
    expect(state.notBefore).toBe(10_000 + FIRST_BACKOFF_MS);
    expect(shouldCollect(policy, state, 300 * MB, 10_500).collect).toBe(false);
    expect(shouldCollect(policy, state, 300 * MB, 11_000).collect).toBe(true);
    state = afterCollection(policy, state, 300 * MB, 180 * MB, 11_000);
    expect(state.backoffMs).toBe(0);
  });
});

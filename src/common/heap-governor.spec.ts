import { PerformanceObserver, constants } from 'node:perf_hooks';
import { governHeap } from './heap-governor.js';

describe('the heap governor', () => {
  it('runs full collections while the heap is above the soft limit', async () => {
    let major = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    const stop = governHeap(1); // every heap is above 1 MB: a collection at every check
    try {
      const deadline = Date.now() + 10_000;
      while (major < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      stop();
      observer.disconnect();
    }
    expect(major).toBeGreaterThanOrEqual(3);
  });
});

import { loadConfig } from '../config/app-config.js';
import { countAnswered, floorOf, GOVERNOR_INTERVAL_MS, nextConcurrency, pagesPressed, WorkerGovernor } from './worker-governor.js';

describe('the worker governor', () => {
  it('counts the pages pressed when they answer 50+ requests a second and the event loop is 80 % busy or more', () => {
    const interval = GOVERNOR_INTERVAL_MS;
    expect(pagesPressed({ requests: 25, utilization: 0.8, intervalMs: interval })).toBe(true);
    expect(pagesPressed({ requests: 24, utilization: 0.99, intervalMs: interval })).toBe(false); // 48 a second: a busy console, not a spike
    expect(pagesPressed({ requests: 5000, utilization: 0.79, intervalMs: interval })).toBe(false); // time to spare
    expect(pagesPressed({ requests: 50, utilization: 0.9, intervalMs: 1000 })).toBe(true);
  });

  it('halves a worker down to a tenth of its ceiling while pressed, and gives it back an eighth at a time', () => {
    const down: number[] = [125];
    for (let i = 0; i < 5; i++) down.push(nextConcurrency(down[down.length - 1], true, 125));
    expect(down).toEqual([125, 62, 31, 15, 13, 13]);
    expect(floorOf(125)).toBe(13);
    expect(floorOf(5)).toBe(1);
    const up: number[] = [13];
    while (up[up.length - 1] < 125) up.push(nextConcurrency(up[up.length - 1], false, 125));
    expect(up).toEqual([13, 29, 45, 61, 77, 93, 109, 125]);
    expect(nextConcurrency(125, false, 125)).toBe(125);
    expect(nextConcurrency(1, true, 4)).toBe(1);
  });

  /** A synchronous stretch of work: the event loop is busy for all of it. */
  const busy = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  const spike = (requests: number) => {
    for (let i = 0; i < requests; i++) countAnswered(null, null, () => undefined);
  };

  it('in a process that answers and sends (ROLE=all): a spike of requests on a busy loop slows the workers, and they come back once it passes', () => {
    const governor = new WorkerGovernor(loadConfig({ ROLE: 'all' }));
    const letters = { concurrency: 0 };
    const emails = { concurrency: 0 };
    governor.govern('letters', letters, 125);
    governor.govern('notifications', emails, 50);
    expect(governor.concurrencies()).toEqual({ letters: 125, notifications: 50 });
    governor.onApplicationBootstrap();
    try {
      spike(100);
      busy(150);
      governor.step();
      expect(governor.concurrencies()).toEqual({ letters: 62, notifications: 25 });
      spike(100);
      busy(150);
      governor.step();
      expect(governor.concurrencies()).toEqual({ letters: 31, notifications: 12 });
      // busy, but not with requests (the workers' own work): they speed up again
      busy(150);
      governor.step();
      expect(governor.concurrencies()).toEqual({ letters: 47, notifications: 19 });
    } finally {
      governor.beforeApplicationShutdown();
    }
  });

  it('leaves the workers of a one-role process at their configured concurrency', () => {
    for (const ROLE of ['worker', 'api'] as const) {
      const governor = new WorkerGovernor(loadConfig({ ROLE }));
      const letters = { concurrency: 0 };
      governor.govern('letters', letters, 125);
      governor.onApplicationBootstrap();
      spike(100);
      busy(150);
      governor.step();
      governor.beforeApplicationShutdown();
      expect(letters.concurrency).toBe(125);
      expect(governor.concurrencies()).toEqual({ letters: 125 });
    }
  });
});

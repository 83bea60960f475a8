import { retryDelayMs } from './retry-backoff.js';

describe('the backoff between attempts at a webhook', () => {
  it('doubles from the base, up to the cap', () => {
    const top = (attempt: number) => retryDelayMs(attempt, 30_000, 3_600_000, 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(top)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
    expect(top(1000)).toBe(3_600_000);
  });

  it('is jittered between half and all of the delay', () => {
    expect(retryDelayMs(3, 1000, 60_000, 0)).toBe(2000);
    expect(retryDelayMs(3, 1000, 60_000, 0.5)).toBe(3000);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(4, 1000, 60_000);
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });

  it('treats an attempt number below 1 as the first', () => {
    expect(retryDelayMs(0, 500, 10_000, 0)).toBe(250);
  });

  it('retries for 24 hours in about 30 attempts with the defaults (30 s doubling, capped at an hour)', () => {
    let attempts = 1;
    for (let elapsed = 0; elapsed < 24 * 3600_000; attempts++) elapsed += retryDelayMs(attempts, 30_000, 3_600_000, 1);
    expect(attempts).toBeGreaterThan(25);
    expect(attempts).toBeLessThan(35);
  });
});

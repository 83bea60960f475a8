import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { WAITING_AT_MOST } from './outbox-limits.js';
import { OutboxRelay, type OutboxQueue, type UndispatchedSource } from './outbox-relay.js';

/** An outbox of `owed` rows and a queue that holds what it was given until `drain` takes some. */
class Fake implements UndispatchedSource, OutboxQueue {
  jobs = 0;
  down = false;
  taken: number[] = [];
  constructor(public owed: number) {}
  takeUndispatched(limit: number): Promise<string[]> {
    const n = Math.min(limit, this.owed);
    this.owed -= n;
    this.taken.push(n);
    return Promise.resolve(Array.from({ length: n }, (_, i) => `id${i}`));
  }
  enqueue(ids: readonly string[]): Promise<number> {
    this.jobs += ids.length;
    return Promise.resolve(ids.length);
  }
  waiting(): Promise<number> {
    return this.down ? Promise.reject(new Error('Redis is away')) : Promise.resolve(this.jobs);
  }
  drain(n: number) {
    this.jobs -= n;
  }
}

class TestRelay extends OutboxRelay {
  constructor(fake: Fake) {
    super(fake, fake, 100, 'TestRelay');
  }
}

describe('OutboxRelay', () => {
  it(`tops the queue up to ${WAITING_AT_MOST} waiting jobs and leaves the rest owed`, async () => {
    const fake = new Fake(2500);
    const relay = new TestRelay(fake);
    expect(await relay.relay()).toBe(WAITING_AT_MOST);
    expect(fake.owed).toBe(1500);
    expect(await relay.relay()).toBe(0); // full: nothing taken
    fake.drain(300);
    expect(await relay.relay()).toBe(300);
    expect(fake.jobs).toBe(WAITING_AT_MOST);
    fake.drain(WAITING_AT_MOST);
    expect(await relay.relay()).toBe(WAITING_AT_MOST);
    fake.drain(WAITING_AT_MOST);
    expect(await relay.relay()).toBe(200); // the last of them
    expect(fake.owed).toBe(0);
    expect(fake.taken).toEqual([1000, 300, 1000, 200]);
  });

  it('takes nothing while the queue cannot be reached, and says so once, then once more when it works again', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const fake = new Fake(10);
      fake.down = true;
      const relay = new TestRelay(fake);
      for (let i = 0; i < 5; i++) expect(await relay.relay()).toBe(0);
      expect(fake.owed).toBe(10);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toContain('Redis is away');
      fake.down = false;
      expect(await relay.relay()).toBe(10);
      expect(log.mock.calls.map((c) => String(c[0]))).toEqual(['relay: working again']);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });
});

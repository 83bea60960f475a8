import { FormFriction } from './form-friction.js';

describe('bot friction on the web form', () => {
  const friction = new FormFriction(async () => 'a-test-secret-of-enough-length', 3000);
  const t0 = 1_800_000_000_000;

  it('passes a form sent back after the minimum fill time, with an empty honeypot', async () => {
    const stamp = await friction.stamp(t0);
    expect(await friction.judge({ stamp, website: '' }, t0 + 3000)).toBe('person');
    expect(await friction.judge({ stamp }, t0 + 3_600_000)).toBe('person');
  });

  it('catches a form sent back too fast, a filled honeypot, and a missing, forged or future stamp', async () => {
    const stamp = await friction.stamp(t0);
    expect(await friction.judge({ stamp }, t0 + 2999)).toBe('too-fast');
    expect(await friction.judge({ stamp, website: 'http://spam.example' }, t0 + 10_000)).toBe('honeypot');
    expect(await friction.judge({}, t0 + 10_000)).toBe('bad-stamp');
    expect(await friction.judge({ stamp: 42 }, t0 + 10_000)).toBe('bad-stamp');
    expect(await friction.judge(null, t0 + 10_000)).toBe('bad-stamp');
    // an older time under the same signature: the signature covers the time
    const [, mac] = stamp.split('.');
    expect(await friction.judge({ stamp: `${(t0 - 60_000).toString(36)}.${mac}` }, t0 + 10_000)).toBe('bad-stamp');
    // another installation's key
    const other = await new FormFriction(async () => 'another-secret-entirely-000', 3000).stamp(t0);
    expect(await friction.judge({ stamp: other }, t0 + 10_000)).toBe('bad-stamp');
    // from the future (beyond the clock difference allowed between processes)
    expect(await friction.judge({ stamp: await friction.stamp(t0 + 120_000) }, t0)).toBe('bad-stamp');
  });

  it('tries the key again after a failed look-up', async () => {
    let calls = 0;
    const flaky = new FormFriction(async () => {
      if (calls++ === 0) throw new Error('database away');
      return 'a-test-secret-of-enough-length';
    }, 0);
    await expect(flaky.stamp(t0)).rejects.toThrow('database away');
    expect(await flaky.judge({ stamp: await flaky.stamp(t0) }, t0)).toBe('person');
  });
});

import { loadConfig } from '../config/app-config.js';
import { rateLimitPolicies, waitInWords } from './rate-limit-policies.js';

describe('rate limit policies', () => {
  it('limits failed logins per account and, several times higher, per client address', () => {
    const { login } = rateLimitPolicies(loadConfig({}));
    expect(login.counts).toEqual([
      { subject: 'account', limit: 10, what: 'failed logins for this account' },
      { subject: 'address', limit: 50, what: 'failed logins from this address' },
    ]);
    expect(login.windowMs).toBe(15 * 60_000);
    expect(login.refundOnSuccess).toBe(true);
  });

  it('takes both login limits from the configuration, the address one defaulting to five times the account one', () => {
    expect(rateLimitPolicies(loadConfig({ LOGIN_ATTEMPTS_PER_15_MIN: '4' })).login.counts.map((c) => c.limit)).toEqual([4, 20]);
    expect(
      rateLimitPolicies(loadConfig({ LOGIN_ATTEMPTS_PER_15_MIN: '4', LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN: '7' })).login.counts.map((c) => c.limit),
    ).toEqual([4, 7]);
  });

  it('says how long to wait in words', () => {
    expect(waitInWords(1)).toBe('1 second');
    expect(waitInWords(0.2)).toBe('1 second');
    expect(waitInWords(42)).toBe('42 seconds');
    expect(waitInWords(90)).toBe('90 seconds');
    expect(waitInWords(91)).toBe('2 minutes');
    expect(waitInWords(660)).toBe('11 minutes');
    expect(waitInWords(15 * 60)).toBe('15 minutes');
  });
});

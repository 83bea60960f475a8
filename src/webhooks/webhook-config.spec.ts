import { ConfigError, loadConfig } from '../config/app-config.js';

describe('the webhook settings', () => {
  it('default to https-or-public endpoints, 10 s to answer, a day of retries and a day before disabling', () => {
    expect(loadConfig({}).webhooks).toEqual({
      allowPrivate: false,
      timeoutMs: 10_000,
      concurrency: 10,
      retryBaseMs: 30_000,
      retryMaxMs: 3_600_000,
      retryHours: 24,
      disableAfterHours: 24,
      retentionDays: 30,
    });
  });

  it('take decimal hours, and the private receivers of tests and development', () => {
    const w = loadConfig({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_HOURS: '0.5',
      WEBHOOK_DISABLE_AFTER_HOURS: '0.001',
      WEBHOOK_RETRY_BASE_MS: '50',
    }).webhooks;
    expect(w).toMatchObject({ allowPrivate: true, retryHours: 0.5, disableAfterHours: 0.001, retryBaseMs: 50 });
  });

  it.each([
    ['WEBHOOK_RETRY_HOURS', '0', 'WEBHOOK_RETRY_HOURS: must be more than 0 hours'],
    ['WEBHOOK_DISABLE_AFTER_HOURS', '1000', 'WEBHOOK_DISABLE_AFTER_HOURS: must be at most 720 hours (30 days)'],
    ['WEBHOOK_ALLOW_PRIVATE', 'maybe', 'WEBHOOK_ALLOW_PRIVATE: must be true or false (or 1/0, yes/no), not "maybe"'],
    ['WEBHOOK_TIMEOUT_MS', '5', 'WEBHOOK_TIMEOUT_MS:'],
  ])('refuses %s=%s, naming it', (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toContain(message);
  });
});

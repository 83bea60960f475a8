import { ConfigError, loadConfig } from './app-config.js';
import { insecureSmtp, weakPassword, weakSecret } from './production-config.js';

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://appeals@db:5432/appeals',
  REDIS_URL: 'redis://redis:6379',
  SMTP_URL: 'smtps://user:pass@mail.example.org:465',
  PUBLIC_URL: 'https://act.example.org/',
  MAIL_FROM: 'appeals@example.org',
  MAIL_DOMAIN: 'example.org',
  JWT_SECRET: 'kR7vQ2mZx9LpT4wB8nYc1HsD6fGj3aEu',
  ADMIN_EMAIL: 'admin@example.org',
  ADMIN_PASSWORD: 'Tq8-vanilla-Orbit-41',
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('production configuration refuses what is insecure, naming the variable', () => {
  it('starts with strong values', () => {
    expect(loadConfig(production).production).toBe(true);
  });

  it('starts with what the acceptance harness gives it (local SMTP, a 30-character secret)', () => {
    for (const pid of ['7', '4242', '1234567']) {
      const c = loadConfig({
        ...production,
        JWT_SECRET: `secret-acc${pid}-0123456789abcdef`,
        ADMIN_PASSWORD: `acc-acc${pid}-Pa55word!`,
        SMTP_URL: 'smtp://127.0.0.1:2525',
      });
      expect(c.production).toBe(true);
    }
  });

  it.each([
    ['too short', 'short-but-not-24'],
    ['one character repeated', 'a'.repeat(40)],
    ['a short pattern repeated', 'abcabcabcabcabcabcabcabcabcabc'],
    ['digits only, patterned', '012345678901234567890123'],
    ['a placeholder', 'change-me-to-a-long-random-string-please'],
    ['a placeholder', 'your-jwt-secret-goes-here-0123456789'],
  ])('refuses a JWT_SECRET that is %s', (_, secret) => {
    const msg = refusal({ ...production, JWT_SECRET: secret });
    expect(msg).toContain('JWT_SECRET:');
    expect(msg).not.toContain(secret);
  });

  it.each([
    ['a well-known default', 'password1234'],
    ['a well-known default', 'Changeme123!'],
    ["this project's test password", 'test-admin-password-1'],
    ['the README example', 'correct horse battery staple'],
    ['too short', 'Xy7#short'],
    ['low variety', 'aaaaaaaaaaab'],
    ['the admin address itself', 'admin@example.org'],
  ])('refuses an ADMIN_PASSWORD that is %s', (_, password) => {
    const msg = refusal({ ...production, ADMIN_PASSWORD: password });
    expect(msg).toContain('ADMIN_PASSWORD:');
    expect(msg).not.toContain(password);
  });

  it('refuses SMTP without TLS to another machine, unless SMTP_ALLOW_INSECURE=true', () => {
    const env = { ...production, SMTP_URL: 'smtp://user:pass@mail.example.org:587' };
    const msg = refusal(env);
    expect(msg).toContain('SMTP_URL:');
    expect(msg).toContain('SMTP_ALLOW_INSECURE');
    expect(msg).not.toContain('pass@');
    expect(loadConfig({ ...env, SMTP_ALLOW_INSECURE: 'true' }).smtpAllowInsecure).toBe(true);
  });

  it('names every refused variable at once', () => {
    const msg = refusal({ ...production, JWT_SECRET: 'x'.repeat(30), ADMIN_PASSWORD: 'password1234', SMTP_URL: 'smtp://relay.example.net' });
    for (const name of ['JWT_SECRET:', 'ADMIN_PASSWORD:', 'SMTP_URL:']) expect(msg).toContain(name);
  });

  it('keeps development as it was: weak values are its own business there', () => {
    expect(() =>
      loadConfig({ JWT_SECRET: 'a'.repeat(30), SMTP_URL: 'smtp://relay.example.net', ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'password1234' }),
    ).not.toThrow();
  });
});

describe('the checks one by one', () => {
  it('weakSecret names one character repeated for what it is: a placeholder', () => {
    expect(weakSecret('x'.repeat(40))).toBe('looks like a placeholder: use a random value');
  });

  it('weakSecret accepts random values, including 24 hex characters of openssl', () => {
    expect(weakSecret('kR7vQ2mZx9LpT4wB8nYc1HsD6fGj3aEu')).toBeNull();
    expect(weakSecret('9f2c4e1a7b3d8e6f0a5c2b9d')).toBeNull();
    expect(weakSecret('a-long-and-random-secret-0123456789')).toBeNull();
  });

  it("weakPassword accepts a passphrase of the admin's own", () => {
    expect(weakPassword('vanilla orbit tulip 41', 'admin@example.org')).toBeNull();
    expect(weakPassword('admin', 'admin@example.org')).toMatch(/at least 12/);
  });

  it.each([
    ['smtps://u:p@mail.example.org:465', null],
    ['smtp://mail.example.org:587?requireTLS=true', null],
    ['smtp://localhost:25', null],
    ['smtp://127.0.0.1:2525', null],
    ['smtp://[::1]:25', null],
    ['smtp://mail.example.org:587', /without TLS/],
    ['smtp://10.0.0.5:25', /without TLS/],
    ['smtps://mail.example.org:465?tls.rejectUnauthorized=false', /certificate checks.*SMTP_CA_FILE/],
  ])('insecureSmtp(%s)', (url, expected) => {
    const r = insecureSmtp(url);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toMatch(expected);
  });
});

describe('other security settings', () => {
  it('CAPTCHA is off by default, and a provider needs its site key and secret', () => {
    expect(loadConfig({}).captcha).toBeNull();
    expect(() => loadConfig({ CAPTCHA_PROVIDER: 'hcaptcha' })).toThrow(/CAPTCHA_SITE_KEY: is required[\s\S]*CAPTCHA_SECRET: is required/);
    expect(loadConfig({ CAPTCHA_PROVIDER: 'turnstile', CAPTCHA_SITE_KEY: '0x4AAA', CAPTCHA_SECRET: 's' }).captcha).toEqual({
      provider: 'turnstile',
      siteKey: '0x4AAA',
      secret: 's',
      verifyUrl: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
    });
    expect(() =>
      loadConfig({ CAPTCHA_PROVIDER: 'hcaptcha', CAPTCHA_SITE_KEY: 'k', CAPTCHA_SECRET: 's', CAPTCHA_VERIFY_URL: 'http://verify.example.net/' }),
    ).toThrow('CAPTCHA_VERIFY_URL: must use https');
    expect(() => loadConfig({ CAPTCHA_PROVIDER: 'friendly' })).toThrow('CAPTCHA_PROVIDER:');
  });

  it('keeps unconfirmed signatures 30 days by default, never less than a confirmation link lives', () => {
    expect(loadConfig({}).pendingRetentionDays).toBe(30);
    expect(() => loadConfig({ PENDING_RETENTION_DAYS: '3', CONFIRM_TTL_HOURS: '168' })).toThrow('PENDING_RETENTION_DAYS:');
    expect(loadConfig({ PENDING_RETENTION_DAYS: '7', CONFIRM_TTL_HOURS: '168' }).pendingRetentionDays).toBe(7);
  });
});

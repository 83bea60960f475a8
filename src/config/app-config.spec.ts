import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, governsHeap, loadConfig } from './app-config.js';

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://appeals@db:5432/appeals',
  REDIS_URL: 'redis://redis:6379',
  SMTP_URL: 'smtps://user:pass@mail.example.org:465',
  PUBLIC_URL: 'https://act.example.org/',
  MAIL_FROM: 'appeals@example.org',
  MAIL_DOMAIN: 'example.org',
  JWT_SECRET: 'a-long-and-random-secret-0123456789',
};

describe('configuration', () => {
  it('runs in development with nothing set, on the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      production: false,
      role: 'all',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/appeals',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'appeals',
      smtpUrl: null,
      mail: { from: 'appeals@localhost', orgName: 'Appeals', domain: 'localhost' },
      jwtSecret: null,
      rateLimitSignPerMinute: 10,
      confirmTtlHours: 168,
      migrateOnStart: true,
      seedDemo: true,
    });
  });

  it('takes production settings as given, without development conveniences', () => {
    const c = loadConfig(production);
    expect(c.production).toBe(true);
    expect(c.publicUrl).toBe('https://act.example.org');
    expect(c.migrateOnStart).toBe(false);
    expect(c.seedDemo).toBe(false);
  });

  it.each(['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'PUBLIC_URL', 'MAIL_FROM', 'MAIL_DOMAIN', 'JWT_SECRET'])(
    'refuses to start in production without %s, naming it',
    (name) => {
      const env: Record<string, string> = { ...production };
      delete env[name];
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(`${name}: is required when NODE_ENV=production`);
    },
  );

  it('names each bad variable', () => {
    try {
      loadConfig({ PORT: 'abc', ROLE: 'boss', REDIS_URL: 'http://x', JWT_SECRET: 'short' });
      throw new Error('should have thrown');
    } catch (e) {
      const msg = (e as Error).message;
      for (const name of ['PORT', 'ROLE', 'REDIS_URL', 'JWT_SECRET']) expect(msg).toContain(`${name}:`);
    }
  });

  it('limits failed logins per account (10) and per client address (five times as many unless set)', () => {
    expect(loadConfig({})).toMatchObject({ loginAttemptsPer15Min: 10, loginAttemptsPerAddressPer15Min: 50 });
    expect(loadConfig({ LOGIN_ATTEMPTS_PER_15_MIN: '3' })).toMatchObject({ loginAttemptsPer15Min: 3, loginAttemptsPerAddressPer15Min: 15 });
    expect(loadConfig({ LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN: '200' }).loginAttemptsPerAddressPer15Min).toBe(200);
    expect(() => loadConfig({ LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN: '0' })).toThrow('LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN:');
  });

  it('keeps 25 letters in flight per SMTP connection unless WORKER_CONCURRENCY says otherwise', () => {
    expect(loadConfig({})).toMatchObject({ smtpPoolSize: 5, workerConcurrency: 125 });
    expect(loadConfig({ SMTP_POOL_SIZE: '8' }).workerConcurrency).toBe(200);
    expect(loadConfig({ SMTP_POOL_SIZE: '40' }).workerConcurrency).toBe(500);
    expect(loadConfig({ SMTP_POOL_SIZE: '8', WORKER_CONCURRENCY: '16' }).workerConcurrency).toBe(16);
  });

  describe('SMTP_CA_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'appeals-ca-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2E=\n-----END CERTIFICATE-----\n';

    it('reads the PEM file once, at start-up', () => {
      const file = join(dir, 'relay-ca.pem');
      writeFileSync(file, pem);
      expect(loadConfig({ SMTP_CA_FILE: file }).smtpCa).toEqual({ file, pem });
      expect(loadConfig({}).smtpCa).toBeNull();
    });

    it('refuses to start, naming it, when the file is missing or holds no certificate', () => {
      expect(() => loadConfig({ SMTP_CA_FILE: join(dir, 'missing.pem') })).toThrow(/SMTP_CA_FILE: cannot read .*missing\.pem \(ENOENT\)/);
      const key = join(dir, 'key.pem');
      writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nMC4CAQA=\n-----END PRIVATE KEY-----\n');
      expect(() => loadConfig({ SMTP_CA_FILE: key })).toThrow('SMTP_CA_FILE: ');
      expect(() => loadConfig({ SMTP_CA_FILE: key })).toThrow('holds no PEM certificate');
    });
  });

  it('wants both or neither of ADMIN_EMAIL and ADMIN_PASSWORD in production', () => {
    expect(() => loadConfig({ ...production, ADMIN_EMAIL: 'a@example.org' })).toThrow('ADMIN_EMAIL and ADMIN_PASSWORD');
  });
});

describe('boolean flags', () => {
  const FLAGS = [
    ['TRUST_PROXY', 'trustProxy'],
    ['MIGRATE_ON_START', 'migrateOnStart'],
    ['SEED_DEMO', 'seedDemo'],
    ['SMTP_ALLOW_INSECURE', 'smtpAllowInsecure'],
  ] as const;

  it.each(FLAGS)('%s takes true/1/yes and false/0/no, as every flag does', (name, field) => {
    for (const on of ['true', '1', 'yes']) expect(loadConfig({ [name]: on })[field]).toBe(true);
    for (const off of ['false', '0', 'no']) expect(loadConfig({ [name]: off })[field]).toBe(false);
  });

  it.each(FLAGS)('%s refuses any other spelling, naming the variable and the value', (name) => {
    for (const value of ['TRUE', 'on', 'y', '2', 'enabled']) {
      let error: unknown;
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([`${name}: must be true or false (or 1/0, yes/no), not "${value}"`]);
    }
  });

  it("TRUST_PROXY is off unless set: the client address is the connection's", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
  });
});

describe('HEAP_SEMI_SPACE_MB and HEAP_GROWING_PERCENT', () => {
  it("caps an API process's semi-spaces at 8 MB and a worker's at 4 MB unless told otherwise; 0 leaves them to V8", () => {
    expect(loadConfig({ ROLE: 'api' }).heapSemiSpaceMb).toBe(8);
    expect(loadConfig({ ROLE: 'worker' }).heapSemiSpaceMb).toBe(4);
    expect(loadConfig({ ROLE: 'all' }).heapSemiSpaceMb).toBe(4);
    expect(loadConfig({}).heapSemiSpaceMb).toBe(4);
    expect(loadConfig({ ROLE: 'api', HEAP_SEMI_SPACE_MB: '16' }).heapSemiSpaceMb).toBe(16);
    expect(loadConfig({ ROLE: 'worker', HEAP_SEMI_SPACE_MB: '0' }).heapSemiSpaceMb).toBe(0);
  });

  it('refuses a semi-space size V8 would never reach by doubling, naming it', () => {
    expect(() => loadConfig({ HEAP_SEMI_SPACE_MB: '6' })).toThrow('HEAP_SEMI_SPACE_MB:');
    expect(() => loadConfig({ HEAP_SEMI_SPACE_MB: '128' })).toThrow(ConfigError);
  });

  it('lets the old generation grow by 20 % of what survived a full collection unless told otherwise', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(20);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: '-1' })).toThrow('HEAP_GROWING_PERCENT:');
  });
});

describe('HEAP_GOVERNOR', () => {
  const governs = (env: Record<string, string>) => governsHeap(loadConfig(env));

  it('governs the heap of processes that run workers, and leaves an API process to V8, by default', () => {
    expect(loadConfig({}).heapGovernor).toBe('auto');
    expect(governs({ ROLE: 'worker' })).toBe(true);
    expect(governs({ ROLE: 'all' })).toBe(true);
    expect(governs({ ROLE: 'api' })).toBe(false);
  });

  it('on: every process; off: none; HEAP_SOFT_LIMIT_MB=0 turns it off whatever it says', () => {
    expect(governs({ ROLE: 'api', HEAP_GOVERNOR: 'on' })).toBe(true);
    expect(governs({ ROLE: 'worker', HEAP_GOVERNOR: 'off' })).toBe(false);
    expect(governs({ ROLE: 'worker', HEAP_SOFT_LIMIT_MB: '0' })).toBe(false);
    expect(governs({ ROLE: 'api', HEAP_GOVERNOR: 'on', HEAP_SOFT_LIMIT_MB: '0' })).toBe(false);
  });

  it('refuses another value, naming it', () => {
    expect(() => loadConfig({ HEAP_GOVERNOR: 'workers' })).toThrow(ConfigError);
    expect(() => loadConfig({ HEAP_GOVERNOR: 'workers' })).toThrow('HEAP_GOVERNOR:');
  });
});

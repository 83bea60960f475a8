import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { createApp, isHttpApp, runStartupTasks, type App } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { ApiClient } from './api-client.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { TestSmtpServer, type Faults } from './smtp-server.js';

export const ADMIN = { email: 'admin@test.example', password: 'test-admin-password-1' };
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The services one test file runs against: its own database, Redis key prefix and SMTP server. */
export interface Stack {
  db: TestDatabase;
  smtp: TestSmtpServer;
  prefix: string;
  redis: Redis;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startStack(faults: Faults = {}): Promise<Stack> {
  const [db, smtp] = await Promise.all([createTestDatabase(), new TestSmtpServer(faults).start()]);
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const redis = new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'appeals@campaigns.example',
    ORG_NAME: 'Test Org',
    MAIL_DOMAIN: 'campaigns.example',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_SECRET: `test-secret-${prefix}-0123456789abcdef`,
    SEED_DEMO: 'false',
    MIGRATE_ON_START: 'false',
    LOG_LEVEL: 'warn',
    RETRY_BASE_DELAY_MS: '50',
    RECONCILE_INTERVAL_SECONDS: '1',
    WORKER_CONCURRENCY: '8',
    // a worker-only process's metrics listener: any free port (files run side by side)
    METRICS_PORT: '0',
    // tests sign from one address, often: limits get tests of their own
    RATE_LIMIT_SIGN_PER_MINUTE: '100000',
    LOGIN_ATTEMPTS_PER_15_MIN: '100000',
    // a recipient refused at RCPT counts toward it (and holds the address's letters at the limit):
    // suites about other things refuse many letters to one address; the bounce suites set their own
    BOUNCE_HARD_LIMIT: '1000',
  };
  return {
    db,
    smtp,
    prefix,
    redis,
    env,
    async stop() {
      await smtp.stop();
      await clearRedisPrefix(redis, prefix);
      redis.disconnect();
      await db.drop();
    },
  };
}

export async function clearRedisPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  app: App;
  config: AppConfig;
  url: string;
  /** anonymous client (supporters) */
  api: ApiClient;
  /** logged in as the bootstrap admin (api roles only) */
  admin: ApiClient;
  stop(): Promise<void>;
}

/** The real application (the same createApp as main.ts), in this process, on a spare port. */
export async function startApp(stack: Stack, overrides: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const config = loadConfig({ ...stack.env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...overrides });
  const app = await createApp(config);
  if (isHttpApp(app)) {
    await runStartupTasks(app, config);
    await app.listen(port, '127.0.0.1');
  } else {
    await app.init();
  }
  const url = `http://127.0.0.1:${port}`;
  const api = new ApiClient(url);
  const admin = isHttpApp(app) ? await api.login(ADMIN.email, ADMIN.password) : api;
  return { app, config, url, api, admin, stop: () => app.close() };
}

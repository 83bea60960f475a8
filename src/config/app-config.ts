import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CAPTCHA_DEFAULT_VERIFY_URL, CAPTCHA_PROVIDERS, type CaptchaProviderName } from '../security/captcha/captcha-providers.js';
import { productionRefusals } from '../security/production-config.js';

/**
 * The whole configuration of Appeals, read from the environment once, validated, typed.
 * Development gets working defaults; production (NODE_ENV=production) must be given every
 * secret and URL, and start-up fails with a message naming each missing or bad variable.
 */

export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

/** true/false/1/0/yes/no; undefined when unset, so the default can depend on NODE_ENV. */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((v) => (v === undefined ? undefined : ['true', '1', 'yes'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).optional().transform((v) => v ?? fallback);

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const email = z.string().trim().toLowerCase().email('must be an email address');

export interface HostPort {
  host: string;
  port: number;
}

/** "host:port,host:port" (a bracketed IPv6 host too: "[::1]:26379"). */
const hostPorts = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .refine((list) => list.length > 0 && list.every((s) => /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(s)), 'must be a comma-separated list of host:port')
  .transform((list) =>
    list.map((s): HostPort => {
      const at = s.lastIndexOf(':');
      return { host: s.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(s.slice(at + 1)) };
    }),
  );

/** "https://www.example.org" or "http://localhost:8080": what a browser sends as Origin. */
const isOrigin = (v: string) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === v;
  } catch {
    return false;
  }
};

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: int(3000, 0, 65535),
  HOST: z.string().optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DB_POOL_SIZE: int(10, 1, 200),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.{}-]+$/, 'may hold only letters, digits and _ . - { }')
    .optional(),
  REDIS_SENTINELS: hostPorts.optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).max(200).optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  REDIS_CLUSTER_NODES: hostPorts.optional(),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  SMTP_POOL_SIZE: int(5, 1, 100),
  MAIL_CATCHER_PORT: int(1025, 0, 65535),
  CATCHER_REFUSE: z
    .string()
    .refine((v) => {
      try {
        new RegExp(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be a regular expression, such as ^refuse\\+')
    .optional(),
  METRICS_PORT: int(9464, 0, 65535),
  STATS_ROLLUP_INTERVAL_SECONDS: int(5, 1, 3600),
  MAIL_FROM: email.optional(),
  ORG_NAME: z.string().trim().min(1).max(100).optional(),
  ORG_URL: url(['https:', 'http:']).optional(),
  PRIVACY_URL: url(['https:', 'http:']).optional(),
  MAIL_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name')
    .optional(),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  ROLE: z.enum(ROLES).optional(),
  ADMIN_EMAIL: email.optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  JWT_SECRET: z.string().min(24, 'must be at least 24 characters').optional(),
  JWT_TTL_MINUTES: int(12 * 60, 5, 7 * 24 * 60),
  RATE_LIMIT_SIGN_PER_MINUTE: int(10, 1, 1_000_000),
  FORM_MIN_FILL_SECONDS: int(3, 0, 600),
  PUBLIC_CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every(isOrigin), 'must be a comma-separated list of origins such as https://www.example.org (scheme, host and port only)')
    .optional(),
  LOGIN_ATTEMPTS_PER_15_MIN: int(10, 1, 1_000_000),
  LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN: z.coerce.number().int().min(1).max(5_000_000).optional(),
  WORKER_CONCURRENCY: int(20, 1, 500),
  DELIVERY_MAX_ATTEMPTS: int(8, 1, 50),
  RETRY_BASE_DELAY_MS: int(30_000, 10, 3_600_000),
  CONFIRM_TTL_HOURS: int(168, 1, 24 * 90),
  SENDING_LEASE_SECONDS: int(300, 1, 86_400),
  SMTP_MAX_PER_SECOND: int(0, 0, 1_000_000),
  NOTIFICATION_RELAY_INTERVAL_MS: int(100, 10, 60_000),
  HEAP_SOFT_LIMIT_MB: int(112, 0, 65_536),
  WORKER_LOCK_SECONDS: int(30, 2, 600),
  TARGET_PACING_WINDOW_SECONDS: int(3600, 1, 86_400),
  SMTP_OUTAGE_MAX_PAUSE_MS: int(30_000, 100, 600_000),
  DIGEST_GRACE_SECONDS: int(60, 0, 3600),
  DIGEST_FALLBACK_BACKLOG: int(0, 0, 100_000_000),
  BOUNCE_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  BOUNCE_HARD_LIMIT: int(3, 1, 10_000),
  RECONCILE_INTERVAL_SECONDS: int(30, 1, 3600),
  MIGRATE_ON_START: flag,
  SEED_DEMO: flag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  PENDING_RETENTION_DAYS: int(30, 1, 3650),
  SMTP_ALLOW_INSECURE: flag,
  SMTP_CA_FILE: z.string().trim().min(1).optional(),
  CAPTCHA_PROVIDER: z.enum(['none', ...CAPTCHA_PROVIDERS]).optional(),
  CAPTCHA_SITE_KEY: z.string().trim().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces').optional(),
  CAPTCHA_SECRET: z.string().trim().min(1).max(500).optional(),
  CAPTCHA_VERIFY_URL: url(['https:', 'http:']).optional(),
});

export interface AppConfig {
  production: boolean;
  role: Role;
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string;
  dbPoolSize: number;
  redisUrl: string;
  /** a single Redis at REDIS_URL, or its master found through Sentinel, or a Redis Cluster */
  redisTopology: RedisTopology;
  queuePrefix: string;
  /** null: the embedded mail catcher receives every message (development only). */
  smtpUrl: string | null;
  smtpPoolSize: number;
  mailCatcherPort: number;
  /** CATCHER_REFUSE: recipients the embedded catcher refuses at RCPT (550 5.1.1), to try failures locally; null: none */
  catcherRefuse: RegExp | null;
  /** worker-only processes (no HTTP API) serve /metrics and /health on this port; 0: any free port */
  metricsPort: number;
  /** how often the admin stats' deltas are folded into the per-campaign totals */
  statsRollupIntervalSeconds: number;
  mail: { from: string; orgName: string; domain: string };
  /** ORG_URL: the organisation's own site, linked from its name on the supporter pages; null: none */
  orgUrl: string | null;
  /** PRIVACY_URL: the privacy policy, linked on the form (by the consent sentence) and in supporter emails; null: none */
  privacyUrl: string | null;
  admin: { email: string; password: string } | null;
  /** null outside production: generated once and kept in the database. */
  jwtSecret: string | null;
  jwtTtlMinutes: number;
  rateLimitSignPerMinute: number;
  /** the web form sent back sooner than this after it was shown is a bot's: quietly not signed */
  formMinFillSeconds: number;
  /** origins (https://www.example.org) whose pages may call the public JSON API (CORS) */
  publicCorsOrigins: string[];
  /** failed staff logins per 15 minutes to one account */
  loginAttemptsPer15Min: number;
  /** failed staff logins per 15 minutes from one client address, whatever the accounts (default 5 × the per-account limit) */
  loginAttemptsPerAddressPer15Min: number;
  workerConcurrency: number;
  deliveryMaxAttempts: number;
  retryBaseDelayMs: number;
  confirmTtlHours: number;
  /** a letter in `sending` longer than this lost its worker: it is tried again */
  sendingLeaseSeconds: number;
  reconcileIntervalSeconds: number;
  /** how long a worker's hold on a job lasts without renewal: a dead worker's letters are free again after it */
  workerLockSeconds: number;
  /** a full garbage collection runs when the heap passes this (0: leave it to V8) */
  heapSoftLimitMb: number;
  /** how often a worker hands the emails owed to supporters (confirmations) to the queue */
  notificationRelayIntervalMs: number;
  /** letters per second across all workers (BullMQ's Redis-backed limiter); 0: no limit */
  smtpMaxPerSecond: number;
  /** the window of a campaign's maxPerTargetPerHour: an hour (tests shorten it) */
  targetPacingWindowSeconds: number;
  /** while the SMTP server is unreachable the queue pauses, for up to this long at a time */
  smtpOutageMaxPauseMs: number;
  /** a digest period is closed this long after it ends, so late-committing confirmations are in it */
  digestGraceSeconds: number;
  /** a launched target owed more individual letters than this by one campaign switches to digests; 0: never */
  digestFallbackBacklog: number;
  /** the inbound SMTP listener for delivery status notifications (worker processes); null: off */
  bounceSmtpPort: number | null;
  /** hard bounces after which a target's address is marked failing (its letters held) */
  bounceHardLimit: number;
  migrateOnStart: boolean;
  seedDemo: boolean;
  logLevel: string;
  /** unconfirmed signatures (and a supporter left with none) are deleted this long after their last signing */
  pendingRetentionDays: number;
  /** production only: allows SMTP_URL without TLS to a host that is not local */
  smtpAllowInsecure: boolean;
  /** SMTP_CA_FILE: CA certificates (PEM) trusted for the relay's certificate, besides the public ones; null: the public ones only */
  smtpCa: { file: string; pem: string } | null;
  /** null: no CAPTCHA (the default); otherwise every signing (API and form) must carry a solved one */
  captcha: { provider: CaptchaProviderName; siteKey: string; secret: string; verifyUrl: string } | null;
}

export type RedisTopology =
  | { kind: 'single' }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; sentinelPassword: string | null }
  | { kind: 'cluster'; nodes: HostPort[] };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables production refuses to start without: nothing insecure is defaulted there. */
const REQUIRED_IN_PRODUCTION = [
  'DATABASE_URL',
  'REDIS_URL',
  'SMTP_URL',
  'PUBLIC_URL',
  'MAIL_FROM',
  'MAIL_DOMAIN',
  'JWT_SECRET',
] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // empty strings count as unset, as in most twelve-factor tools
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => e[name] === undefined);
    if (missing.length) {
      throw new ConfigError(missing.map((name) => `${name}: is required when NODE_ENV=production`));
    }
    if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
      throw new ConfigError(['ADMIN_EMAIL and ADMIN_PASSWORD: give both or neither']);
    }
    const refused = productionRefusals(e);
    if (refused.length) throw new ConfigError(refused);
  }
  const captcha = captchaConfig(e);
  if (e.PENDING_RETENTION_DAYS * 24 < e.CONFIRM_TTL_HOURS) {
    throw new ConfigError(['PENDING_RETENTION_DAYS: must be at least as long as CONFIRM_TTL_HOURS (a confirmation link must not outlive its signature)']);
  }
  const port = e.PORT;
  const redisTopology = redisTopologyOf(e);
  return {
    production,
    role: e.ROLE ?? 'all',
    port,
    host: e.HOST ?? '0.0.0.0',
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/appeals',
    dbPoolSize: e.DB_POOL_SIZE,
    redisUrl: e.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisTopology,
    queuePrefix: e.QUEUE_PREFIX ?? 'appeals',
    smtpUrl: e.SMTP_URL ?? null,
    smtpPoolSize: e.SMTP_POOL_SIZE,
    mailCatcherPort: e.MAIL_CATCHER_PORT,
    catcherRefuse: e.CATCHER_REFUSE ? new RegExp(e.CATCHER_REFUSE, 'i') : null,
    metricsPort: e.METRICS_PORT,
    statsRollupIntervalSeconds: e.STATS_ROLLUP_INTERVAL_SECONDS,
    mail: {
      from: e.MAIL_FROM ?? 'appeals@localhost',
      orgName: e.ORG_NAME ?? 'Appeals',
      domain: e.MAIL_DOMAIN ?? 'localhost',
    },
    orgUrl: e.ORG_URL ?? null,
    privacyUrl: e.PRIVACY_URL ?? null,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : null,
    jwtSecret: e.JWT_SECRET ?? null,
    jwtTtlMinutes: e.JWT_TTL_MINUTES,
    rateLimitSignPerMinute: e.RATE_LIMIT_SIGN_PER_MINUTE,
    formMinFillSeconds: e.FORM_MIN_FILL_SECONDS,
    publicCorsOrigins: e.PUBLIC_CORS_ORIGINS ?? [],
    loginAttemptsPer15Min: e.LOGIN_ATTEMPTS_PER_15_MIN,
    loginAttemptsPerAddressPer15Min: e.LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN ?? LOGIN_ADDRESS_FACTOR * e.LOGIN_ATTEMPTS_PER_15_MIN,
    workerConcurrency: e.WORKER_CONCURRENCY,
    deliveryMaxAttempts: e.DELIVERY_MAX_ATTEMPTS,
    retryBaseDelayMs: e.RETRY_BASE_DELAY_MS,
    confirmTtlHours: e.CONFIRM_TTL_HOURS,
    sendingLeaseSeconds: e.SENDING_LEASE_SECONDS,
    reconcileIntervalSeconds: e.RECONCILE_INTERVAL_SECONDS,
    smtpMaxPerSecond: e.SMTP_MAX_PER_SECOND,
    notificationRelayIntervalMs: e.NOTIFICATION_RELAY_INTERVAL_MS,
    heapSoftLimitMb: e.HEAP_SOFT_LIMIT_MB,
    workerLockSeconds: e.WORKER_LOCK_SECONDS,
    targetPacingWindowSeconds: e.TARGET_PACING_WINDOW_SECONDS,
    smtpOutageMaxPauseMs: e.SMTP_OUTAGE_MAX_PAUSE_MS,
    digestGraceSeconds: e.DIGEST_GRACE_SECONDS,
    digestFallbackBacklog: e.DIGEST_FALLBACK_BACKLOG,
    bounceSmtpPort: e.BOUNCE_SMTP_PORT ?? null,
    bounceHardLimit: e.BOUNCE_HARD_LIMIT,
    migrateOnStart: e.MIGRATE_ON_START ?? !production,
    seedDemo: e.SEED_DEMO ?? !production,
    logLevel: e.LOG_LEVEL ?? 'info',
    pendingRetentionDays: e.PENDING_RETENTION_DAYS,
    smtpAllowInsecure: e.SMTP_ALLOW_INSECURE ?? false,
    smtpCa: e.SMTP_CA_FILE ? smtpCaOf(e.SMTP_CA_FILE) : null,
    captcha,
  };
}

/**
 * Unless LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN says otherwise, one client address may fail this
 * many times the per-account limit: an office behind one address survives a colleague's typos
 * (and a few more), while guessing across many accounts stops after 50 tries by default.
 */
const LOGIN_ADDRESS_FACTOR = 5;

/**
 * SMTP_CA_FILE: a PEM file of the CA certificates that sign the relay's STARTTLS (or smtps)
 * certificate, for a relay with a self-signed or private-CA certificate: the certificate is still
 * verified, against these. Read once at start-up; a missing or unreadable file, or one without a
 * certificate, stops start-up with the variable named.
 */
function smtpCaOf(file: string): { file: string; pem: string } {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([`SMTP_CA_FILE: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem)) {
    throw new ConfigError([`SMTP_CA_FILE: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`]);
  }
  return { file, pem };
}

/** CAPTCHA_PROVIDER (default none) with its site key and secret; the verify URL defaults to the provider's own. */
function captchaConfig(e: z.infer<typeof envSchema>): AppConfig['captcha'] {
  const provider = e.CAPTCHA_PROVIDER ?? 'none';
  if (provider === 'none') return null;
  const missing = (['CAPTCHA_SITE_KEY', 'CAPTCHA_SECRET'] as const).filter((name) => e[name] === undefined);
  if (missing.length) throw new ConfigError(missing.map((name) => `${name}: is required when CAPTCHA_PROVIDER=${provider}`));
  const verifyUrl = e.CAPTCHA_VERIFY_URL ?? CAPTCHA_DEFAULT_VERIFY_URL[provider];
  const u = new URL(verifyUrl);
  if (u.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) {
    throw new ConfigError(['CAPTCHA_VERIFY_URL: must use https (plain http only to this machine)']);
  }
  return { provider, siteKey: e.CAPTCHA_SITE_KEY!, secret: e.CAPTCHA_SECRET!, verifyUrl };
}

/**
 * Sentinel (REDIS_SENTINELS) or Cluster (REDIS_CLUSTER_NODES), never both. On a Cluster every key
 * of a BullMQ queue must hash to one slot, so QUEUE_PREFIX must be a hash tag such as {appeals}
 * (the app's own keys start with the prefix too, so they share that slot).
 */
function redisTopologyOf(e: z.infer<typeof envSchema>): RedisTopology {
  if (e.REDIS_SENTINELS && e.REDIS_CLUSTER_NODES) {
    throw new ConfigError(['REDIS_SENTINELS and REDIS_CLUSTER_NODES: give one or the other (Sentinel or Cluster), not both']);
  }
  if (e.REDIS_CLUSTER_NODES) {
    const problems: string[] = [];
    if (!/^[^{}]*\{[^{}]+\}[^{}]*$/.test(e.QUEUE_PREFIX ?? '')) {
      problems.push('QUEUE_PREFIX: must hold one {hash tag} on a Redis Cluster, e.g. {appeals}, so that each queue\'s keys share a slot');
    }
    if (e.REDIS_URL && !['', '/', '/0'].includes(new URL(e.REDIS_URL).pathname)) problems.push('REDIS_URL: a Redis Cluster has only database 0');
    if (problems.length) throw new ConfigError(problems);
    return { kind: 'cluster', nodes: e.REDIS_CLUSTER_NODES };
  }
  if (e.REDIS_SENTINELS) {
    return {
      kind: 'sentinel',
      sentinels: e.REDIS_SENTINELS,
      name: e.REDIS_SENTINEL_NAME ?? 'mymaster',
      sentinelPassword: e.REDIS_SENTINEL_PASSWORD ?? null,
    };
  }
  return { kind: 'single' };
}

export const runsApi = (c: AppConfig) => c.role === 'api' || c.role === 'all';
export const runsWorkers = (c: AppConfig) => c.role === 'worker' || c.role === 'all';

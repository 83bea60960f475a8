import { readFileSync } from 'node:fs';
import { CAPTCHA_DEFAULT_VERIFY_URL, type CaptchaProviderName } from './captcha-settings.js';
import type { HostPort } from './config-parsers.js';
import {
  configSchema,
  LETTERS_PER_SMTP_CONNECTION,
  LOGIN_ADDRESS_FACTOR,
  REQUIRED_IN_PRODUCTION,
  type HeapGovernorMode,
  type ParsedEnv,
  type Role,
} from './config-schema.js';
import { productionRefusals } from './production-config.js';

/**
 * The whole configuration of Appeals, read from the environment once, validated, typed.
 * Development gets working defaults; production (NODE_ENV=production) must be given every
 * secret and URL, and start-up fails with a message naming each missing or bad variable. Each
 * variable (its parser, default and meaning) is declared once, in config-schema.ts.
 */

export { ROLES, type Role, type HeapGovernorMode } from './config-schema.js';
export type { HostPort } from './config-parsers.js';

export interface AppConfig {
  production: boolean;
  role: Role;
  port: number;
  host: string;
  /** TRUST_PROXY: the client address, host and scheme come from the X-Forwarded-* headers of a reverse proxy */
  trustProxy: boolean;
  publicUrl: string;
  databaseUrl: string;
  dbPoolSize: number;
  /** DB_PREPARED_STATEMENTS: named prepared statements on the hot paths (off behind a transaction pooler that drops them) */
  dbPreparedStatements: boolean;
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
  /** which processes heapSoftLimitMb governs: auto (those running workers), on (all), off */
  heapGovernor: HeapGovernorMode;
  /** the cap on each V8 semi-space (young generation), in MB (0: V8's own) */
  heapSemiSpaceMb: number;
  /** V8's old-generation growth after a full collection, in % of what survived (0: V8's own) */
  heapGrowingPercent: number;
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
  /** officials' replies (src/replies): REPLY_TOKEN_SECRET (null: the key is derived from the installation's secret) and REPLY_MAX_BYTES */
  replies: { tokenSecret: string | null; maxBytes: number };
  /** webhooks (src/webhooks): what an endpoint may be, how long a receiver has to answer, retries, disabling, retention */
  webhooks: WebhookSettings;
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

export interface WebhookSettings {
  /** WEBHOOK_ALLOW_PRIVATE: endpoints on loopback, private, link-local or CGNAT addresses are allowed (metadata addresses never) */
  allowPrivate: boolean;
  timeoutMs: number;
  /** deliveries in flight per worker process */
  concurrency: number;
  /** the first retry's delay, doubling each time (with jitter) up to retryMaxMs */
  retryBaseMs: number;
  retryMaxMs: number;
  /** a delivery still refused this long after its first attempt is failed */
  retryHours: number;
  /** an endpoint failing without a success for this long is disabled */
  disableAfterHours: number;
  /** events are deleted this long after they happened, once none of their deliveries is owed */
  retentionDays: number;
}

export type RedisTopology =
  { kind: 'single' } | { kind: 'sentinel'; sentinels: HostPort[]; name: string; sentinelPassword: string | null } | { kind: 'cluster'; nodes: HostPort[] };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // empty strings count as unset, as in most twelve-factor tools
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    // the raw environment: some of these have a development default
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => raw[name] === undefined);
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
    role: e.ROLE,
    port,
    host: e.HOST,
    trustProxy: e.TRUST_PROXY,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    dbPreparedStatements: e.DB_PREPARED_STATEMENTS,
    redisUrl: e.REDIS_URL,
    redisTopology,
    queuePrefix: e.QUEUE_PREFIX,
    smtpUrl: e.SMTP_URL ?? null,
    smtpPoolSize: e.SMTP_POOL_SIZE,
    mailCatcherPort: e.MAIL_CATCHER_PORT,
    catcherRefuse: e.CATCHER_REFUSE ? new RegExp(e.CATCHER_REFUSE, 'i') : null,
    metricsPort: e.METRICS_PORT,
    statsRollupIntervalSeconds: e.STATS_ROLLUP_INTERVAL_SECONDS,
    mail: {
      from: e.MAIL_FROM,
      orgName: e.ORG_NAME,
      domain: e.MAIL_DOMAIN,
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
    workerConcurrency: e.WORKER_CONCURRENCY ?? Math.min(500, LETTERS_PER_SMTP_CONNECTION * e.SMTP_POOL_SIZE),
    deliveryMaxAttempts: e.DELIVERY_MAX_ATTEMPTS,
    retryBaseDelayMs: e.RETRY_BASE_DELAY_MS,
    confirmTtlHours: e.CONFIRM_TTL_HOURS,
    sendingLeaseSeconds: e.SENDING_LEASE_SECONDS,
    reconcileIntervalSeconds: e.RECONCILE_INTERVAL_SECONDS,
    smtpMaxPerSecond: e.SMTP_MAX_PER_SECOND,
    notificationRelayIntervalMs: e.NOTIFICATION_RELAY_INTERVAL_MS,
    heapSoftLimitMb: e.HEAP_SOFT_LIMIT_MB,
    heapGovernor: e.HEAP_GOVERNOR,
    heapSemiSpaceMb: e.HEAP_SEMI_SPACE_MB ?? (e.ROLE === 'api' ? 8 : 4),
    heapGrowingPercent: e.HEAP_GROWING_PERCENT,
    workerLockSeconds: e.WORKER_LOCK_SECONDS,
    targetPacingWindowSeconds: e.TARGET_PACING_WINDOW_SECONDS,
    smtpOutageMaxPauseMs: e.SMTP_OUTAGE_MAX_PAUSE_MS,
    digestGraceSeconds: e.DIGEST_GRACE_SECONDS,
    digestFallbackBacklog: e.DIGEST_FALLBACK_BACKLOG,
    bounceSmtpPort: e.BOUNCE_SMTP_PORT ?? null,
    bounceHardLimit: e.BOUNCE_HARD_LIMIT,
    replies: { tokenSecret: e.REPLY_TOKEN_SECRET ?? null, maxBytes: e.REPLY_MAX_BYTES },
    webhooks: {
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      concurrency: e.WEBHOOK_CONCURRENCY,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
      retryHours: e.WEBHOOK_RETRY_HOURS,
      disableAfterHours: e.WEBHOOK_DISABLE_AFTER_HOURS,
      retentionDays: e.WEBHOOK_RETENTION_DAYS,
    },
    migrateOnStart: e.MIGRATE_ON_START ?? !production,
    seedDemo: e.SEED_DEMO ?? !production,
    logLevel: e.LOG_LEVEL,
    pendingRetentionDays: e.PENDING_RETENTION_DAYS,
    smtpAllowInsecure: e.SMTP_ALLOW_INSECURE,
    smtpCa: e.SMTP_CA_FILE ? smtpCaOf(e.SMTP_CA_FILE) : null,
    captcha,
  };
}

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
function captchaConfig(e: ParsedEnv): AppConfig['captcha'] {
  const provider = e.CAPTCHA_PROVIDER;
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
function redisTopologyOf(e: ParsedEnv): RedisTopology {
  if (e.REDIS_SENTINELS && e.REDIS_CLUSTER_NODES) {
    throw new ConfigError(['REDIS_SENTINELS and REDIS_CLUSTER_NODES: give one or the other (Sentinel or Cluster), not both']);
  }
  if (e.REDIS_CLUSTER_NODES) {
    const problems: string[] = [];
    if (!/^[^{}]*\{[^{}]+\}[^{}]*$/.test(e.QUEUE_PREFIX)) {
      problems.push("QUEUE_PREFIX: must hold one {hash tag} on a Redis Cluster, e.g. {appeals}, so that each queue's keys share a slot");
    }
    if (!['', '/', '/0'].includes(new URL(e.REDIS_URL).pathname)) problems.push('REDIS_URL: a Redis Cluster has only database 0');
    if (problems.length) throw new ConfigError(problems);
    return { kind: 'cluster', nodes: e.REDIS_CLUSTER_NODES };
  }
  if (e.REDIS_SENTINELS) {
    return {
      kind: 'sentinel',
      sentinels: e.REDIS_SENTINELS,
      name: e.REDIS_SENTINEL_NAME,
      sentinelPassword: e.REDIS_SENTINEL_PASSWORD ?? null,
    };
  }
  return { kind: 'single' };
}

export const runsApi = (c: AppConfig) => c.role === 'api' || c.role === 'all';
export const runsWorkers = (c: AppConfig) => c.role === 'worker' || c.role === 'all';
/** HEAP_GOVERNOR: by default only processes that run workers; an API process's heap is left to V8. */
export const governsHeap = (c: AppConfig) => c.heapSoftLimitMb > 0 && (c.heapGovernor === 'on' || (c.heapGovernor === 'auto' && runsWorkers(c)));

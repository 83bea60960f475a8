import { z } from 'zod';
import { FIRST_BACKOFF_MS, GROWTH_SHARE, MAX_BACKOFF_MS } from '../common/heap-collection-policy.js';
import { CAPTCHA_PROVIDERS } from './captcha-settings.js';
import { email, flag, hostPorts, hours, int, origins, regularExpression, url } from './config-parsers.js';
import { WAITING_AT_MOST } from '../queue/outbox-limits.js';

/**
 * Every environment variable Appeals reads, declared once: its parser (with the default, when a
 * fixed one applies), what the docs say when it is unset otherwise, and its meaning. loadConfig
 * (app-config.ts) parses the environment with this table, and the table in
 * docs/configuration.md is written from it (`npm run docs:config`; a unit test fails when the two
 * differ). The order here is the order there.
 */
export interface ConfigVariable {
  parse: z.ZodType;
  /** the docs' "meaning" column */
  meaning: string;
  /** what happens when it is unset, for a variable whose parser applies no default of its own */
  whenUnset?: string;
  /** production (NODE_ENV=production) refuses to start without it */
  requiredInProduction?: true;
}

export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

export const HEAP_GOVERNOR_MODES = ['auto', 'on', 'off'] as const;
export type HeapGovernorMode = (typeof HEAP_GOVERNOR_MODES)[number];

/**
 * Unless LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN says otherwise, one client address may fail this
 * many times the per-account limit: an office behind one address survives a colleague's typos
 * (and a few more), while guessing across many accounts stops after 50 tries by default.
 */
export const LOGIN_ADDRESS_FACTOR = 5;
export const SMTP_POOL_SIZE_DEFAULT = 5;
/**
 * Letters in flight per SMTP connection when WORKER_CONCURRENCY is unset: a letter spends about
 * as long being claimed and recorded (the batched statements' 15 ms waits) as in the SMTP
 * conversation, so a connection needs many letters in hand to never wait (bench/deliver-defaults.mjs:
 * 64 in flight for a pool of 5 reached 0.62–0.91 of raw nodemailer, 125 or 128 reached 0.75–0.96).
 */
export const LETTERS_PER_SMTP_CONNECTION = 25;
const LOGIN_ATTEMPTS_PER_ACCOUNT = 10;

const growthPercent = `${GROWTH_SHARE * 100} %`;
const seconds = (ms: number) => (ms >= 60_000 ? `${ms / 60_000} minutes` : `${ms / 1000} s`);

export const CONFIG_VARIABLES = {
  NODE_ENV: {
    parse: z.string().optional(),
    whenUnset: 'unset: development',
    meaning:
      '`production` requires every secret and URL below that has no safe default, and defaults nothing insecure (see after this table); any other value is development',
  },
  PORT: { parse: int(0, 65535).default(3000), meaning: 'HTTP port' },
  HOST: {
    parse: z.string().default('0.0.0.0'),
    meaning: "the address the HTTP API, a worker-only process's metrics server and the bounce listener listen on",
  },
  PUBLIC_URL: {
    parse: url(['http:', 'https:']).optional(),
    whenUnset: '`http://localhost:PORT`',
    requiredInProduction: true,
    meaning: 'base of links in emails',
  },
  TRUST_PROXY: {
    parse: flag.default(false),
    meaning:
      'set it (`true`) when Appeals runs behind a reverse proxy or load balancer: the client address (for rate limits and logs) is then the one the proxy saw, taken from `X-Forwarded-For`, and the host and scheme from `X-Forwarded-Host` and `X-Forwarded-Proto`; leave it off when clients reach Appeals directly, or a client could claim any address and escape the rate limits',
  },
  DATABASE_URL: {
    parse: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/appeals'),
    requiredInProduction: true,
    meaning: 'the PostgreSQL database, created if missing outside production',
  },
  DB_POOL_SIZE: { parse: int(1, 200).default(10), meaning: 'PostgreSQL connections per process' },
  DB_PREPARED_STATEMENTS: {
    parse: flag.default(true),
    meaning:
      'the hot paths (signing, claiming and recording letters, the outboxes) run as named prepared statements, parsed once per connection; set it to `false` when `DATABASE_URL` is a pooler in transaction mode that does not carry them from one server connection to another: PgBouncer before 1.21, or 1.21 and later without `max_prepared_statements` (see [Scale-out](scale-out.md#pgbouncer))',
  },
  REDIS_URL: {
    parse: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    requiredInProduction: true,
    meaning: 'the Redis of the queues (`rediss://` for TLS)',
  },
  QUEUE_PREFIX: {
    parse: z
      .string()
      .regex(/^[A-Za-z0-9_.{}-]+$/, 'may hold only letters, digits and _ . - { }')
      .default('appeals'),
    meaning: 'Redis key prefix, so two installs can share a Redis; on a Redis Cluster a hash tag such as `{appeals}`',
  },
  REDIS_SENTINELS: {
    parse: hostPorts.optional(),
    meaning: "`host:port,…` of Redis Sentinels: the queues' Redis is the master they name (`REDIS_URL` gives its password, database and TLS)",
  },
  REDIS_SENTINEL_NAME: {
    parse: z.string().min(1).max(200).default('mymaster'),
    meaning: 'the name of the master the Sentinels of `REDIS_SENTINELS` watch',
  },
  REDIS_SENTINEL_PASSWORD: {
    parse: z.string().optional(),
    meaning: "the password of the Sentinels themselves, when they ask for one (the master's is in `REDIS_URL`)",
  },
  REDIS_CLUSTER_NODES: {
    parse: hostPorts.optional(),
    meaning: "`host:port,…` of a Redis Cluster's nodes (`REDIS_URL` gives the password and TLS; `QUEUE_PREFIX` must be a `{hash tag}`)",
  },
  SMTP_URL: {
    parse: url(['smtp:', 'smtps:']).optional(),
    whenUnset: 'unset: the embedded catcher on `MAIL_CATCHER_PORT`',
    requiredInProduction: true,
    meaning:
      "`smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://`; the relay's certificate is always verified (see [The relay's TLS certificate](#the-relays-tls-certificate))",
  },
  SMTP_CA_FILE: {
    parse: z.string().trim().min(1).optional(),
    whenUnset: 'unset: the public CAs only',
    meaning:
      "a PEM file of the CA certificates that sign the relay's certificate (a self-signed or private-CA relay): trusted besides the public CAs, so verification stays on. Read once at start; a missing file, or one without a certificate, stops the start naming it",
  },
  MAIL_CATCHER_PORT: {
    parse: int(0, 65535).default(1025),
    meaning: 'development only (no `SMTP_URL`): the port of the embedded SMTP server that catches every message, on 127.0.0.1',
  },
  CATCHER_REFUSE: {
    parse: regularExpression.optional(),
    whenUnset: 'unset: the catcher accepts every recipient',
    meaning:
      "development only (no `SMTP_URL`): a regular expression (JavaScript syntax, case-insensitive, matched against the whole recipient address); the embedded catcher refuses a matching recipient at `RCPT TO` with `550 5.1.1 … User unknown`, as a server without that mailbox would, so a failing official can be tried locally. Example: `CATCHER_REFUSE='^refuse\\+'` refuses `refuse+minister@gov.example`. A pattern that does not compile stops the start with a message naming it",
  },
  MAIL_FROM: {
    parse: email.default('appeals@localhost'),
    requiredInProduction: true,
    meaning: 'the sender address of letters and supporter emails',
  },
  ORG_NAME: {
    parse: z.string().trim().min(1).max(100).default('Appeals'),
    meaning:
      'the organisation\'s name: the sender of supporter emails (letters are from "supporter via ORG_NAME"), and the name on the supporter pages and the console',
  },
  MAIL_DOMAIN: {
    parse: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name')
      .default('localhost'),
    requiredInProduction: true,
    meaning: 'names Message-IDs and the bounce address',
  },
  ORG_URL: {
    parse: url(['https:', 'http:']).optional(),
    meaning:
      "the organisation's own site (`https://…` or `http://…`): the organisation's name links to it in the header and footer of the supporter pages and the front page",
  },
  PRIVACY_URL: {
    parse: url(['https:', 'http:']).optional(),
    meaning:
      "the organisation's privacy policy (`https://…` or `http://…`): linked on the signing form, right under the consent sentence, and at the foot of every email to a supporter (confirmation, thank-you, receipt), in their language",
  },
  ROLE: { parse: z.enum(ROLES).default('all'), meaning: '`api`, `worker` or `all`: what this process runs' },
  ADMIN_EMAIL: {
    parse: email.optional(),
    whenUnset: 'unset: outside production, `admin@localhost` is created at first start and its password printed once',
    meaning: "the first admin's email address (give `ADMIN_PASSWORD` with it)",
  },
  ADMIN_PASSWORD: {
    parse: z.string().min(12, 'must be at least 12 characters').optional(),
    meaning: "the first admin's password (at least 12 characters; production refuses a well-known one)",
  },
  JWT_SECRET: {
    parse: z.string().min(24, 'must be at least 24 characters').optional(),
    whenUnset: 'outside production, generated once and kept in the database',
    requiredInProduction: true,
    meaning: 'token signing (at least 24 characters)',
  },
  JWT_TTL_MINUTES: { parse: int(5, 7 * 24 * 60).default(12 * 60), meaning: 'staff token lifetime' },
  RATE_LIMIT_SIGN_PER_MINUTE: {
    parse: int(1, 1_000_000).default(10),
    meaning: 'signatures per minute per client address (counted in Redis, shared by every API process); more is a 429 with `Retry-After`',
  },
  LOGIN_ATTEMPTS_PER_15_MIN: {
    parse: int(1, 1_000_000).default(LOGIN_ATTEMPTS_PER_ACCOUNT),
    meaning: 'failed staff logins per 15 minutes to one account, from wherever they come; more is a 429 with `Retry-After`, for that account only',
  },
  LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN: {
    parse: int(1, 5_000_000).optional(),
    whenUnset: `${LOGIN_ADDRESS_FACTOR} × \`LOGIN_ATTEMPTS_PER_15_MIN\` (${LOGIN_ADDRESS_FACTOR * LOGIN_ATTEMPTS_PER_ACCOUNT})`,
    meaning:
      'failed staff logins per 15 minutes from one client address, whatever the accounts: stops someone guessing across many accounts, while a colleague\'s typos behind the same office address lock out only their own account (see [api.md](api.md), "Rate limits")',
  },
  FORM_MIN_FILL_SECONDS: {
    parse: int(0, 600).default(3),
    meaning:
      "a web form sent back sooner than this after it was shown is quietly not signed (bot friction); 0 turns the time check off (the form's signed stamp is still required)",
  },
  PUBLIC_CORS_ORIGINS: {
    parse: origins.optional(),
    whenUnset: 'unset: no cross-origin calls',
    meaning: 'comma-separated origins (`https://partner.example`) whose pages may call `/api/public/*`',
  },
  WORKER_CONCURRENCY: {
    parse: int(1, 500).optional(),
    whenUnset: `${LETTERS_PER_SMTP_CONNECTION} × \`SMTP_POOL_SIZE\` (${LETTERS_PER_SMTP_CONNECTION * SMTP_POOL_SIZE_DEFAULT}), at most 500`,
    meaning:
      'letters in flight per worker process: many times `SMTP_POOL_SIZE`, so that each connection has letters ready while the others wait on PostgreSQL and Redis (see [performance.md](performance.md), "Delivery with the defaults")',
  },
  SMTP_POOL_SIZE: { parse: int(1, 100).default(SMTP_POOL_SIZE_DEFAULT), meaning: 'SMTP connections per worker process' },
  DELIVERY_MAX_ATTEMPTS: { parse: int(1, 50).default(8), meaning: 'attempts before a temporary failure becomes `failed`' },
  RETRY_BASE_DELAY_MS: { parse: int(10, 3_600_000).default(30_000), meaning: 'first retry delay (doubles each time, ±50 % jitter)' },
  CONFIRM_TTL_HOURS: { parse: int(1, 24 * 90).default(168), meaning: 'how long a confirmation link works' },
  SENDING_LEASE_SECONDS: {
    parse: int(1, 86_400).default(300),
    meaning: 'a letter in `sending` longer than this lost its worker and is tried again',
  },
  RECONCILE_INTERVAL_SECONDS: { parse: int(1, 3600).default(30), meaning: 'how often PostgreSQL and the queue are reconciled' },
  SMTP_MAX_PER_SECOND: { parse: int(0, 1_000_000).default(0), meaning: 'letters per second across every worker process; 0: no limit' },
  NOTIFICATION_RELAY_INTERVAL_MS: {
    parse: int(10, 60_000).default(100),
    meaning: `how often a worker hands the emails owed to supporters (confirmations, receipts) from PostgreSQL to the queue, topping it up to ${WAITING_AT_MOST.toLocaleString('en')} waiting jobs (in a spike the rest wait in PostgreSQL)`,
  },
  WORKER_LOCK_SECONDS: {
    parse: int(2, 600).default(30),
    meaning: "how long a worker's hold on a job lasts unrenewed (a dead worker's letters are free after it)",
  },
  SMTP_OUTAGE_MAX_PAUSE_MS: {
    parse: int(100, 600_000).default(30_000),
    meaning: 'while no SMTP server answers, the queue pauses for up to this long at a time',
  },
  TARGET_PACING_WINDOW_SECONDS: {
    parse: int(1, 86_400).default(3600),
    meaning: 'the window of `maxPerTargetPerHour` (only tests shorten it)',
  },
  DIGEST_GRACE_SECONDS: { parse: int(0, 3600).default(60), meaning: 'a digest period is closed this long after it ends' },
  DIGEST_FALLBACK_BACKLOG: {
    parse: int(0, 100_000_000).default(0),
    meaning:
      'a launched target owed more individual letters than this by one campaign switches to digest letters; 0: never (see [Drain forecast and digest fallback](bounces-receipts-forecasts.md#drain-forecast-and-digest-fallback))',
  },
  BOUNCE_SMTP_PORT: {
    parse: int(0, 65535).optional(),
    whenUnset: 'unset (off)',
    meaning:
      "worker processes listen here (on all interfaces, or `HOST`) for delivery status notifications to `bounces+ID@MAIL_DOMAIN` (see [Bounces](bounces-receipts-forecasts.md#bounces)) and officials' replies to `reply+TOKEN@MAIL_DOMAIN` (see [Replies from officials](replies.md))",
  },
  BOUNCE_HARD_LIMIT: {
    parse: int(1, 10_000).default(3),
    meaning:
      "hard bounces after which a target's address is failing and its letters are held: bounce reports, and refusals of the address itself during the SMTP conversation (`550 5.1.1 user unknown` at `RCPT TO`; not a refusal for policy or size)",
  },
  REPLY_TOKEN_SECRET: {
    parse: z.string().min(24, 'must be at least 24 characters').optional(),
    whenUnset: 'derived from `JWT_SECRET` (or, outside production, the secret generated once and kept in the database)',
    meaning:
      "the key of the tokens in relayed letters' `Reply-To: reply+TOKEN@MAIL_DOMAIN` (at least 24 characters); give it to change `JWT_SECRET` without refusing the replies to every letter already sent (see [Replies from officials](replies.md))",
  },
  REPLY_MAX_BYTES: {
    parse: int(1024, 100 * 1024 * 1024).default(10 * 1024 * 1024),
    meaning:
      'the largest reply from an official the inbound listener takes, attachments included (larger: `552` at `RCPT TO` when the sender declared its size, else at the end of `DATA`); delivery status notifications keep their own 2 MB limit',
  },
  WEBHOOK_ALLOW_PRIVATE: {
    parse: flag.default(false),
    meaning:
      'let webhook endpoints (see [Webhooks](webhooks.md)) be on this machine or a private network: loopback, private (RFC 1918, `fc00::/7`), link-local, CGNAT addresses. Off, such an endpoint is refused when registered and when connecting (a host whose DNS changes to one is refused too); the cloud metadata addresses (`169.254.169.254`, `fd00:ec2::254` and the like) are refused always. For tests, development and a CRM on your own network',
  },
  WEBHOOK_TIMEOUT_MS: {
    parse: int(100, 120_000).default(10_000),
    meaning: 'a webhook receiver must answer within this long (connecting included), or the attempt counts as failed',
  },
  WEBHOOK_CONCURRENCY: { parse: int(1, 500).default(10), meaning: 'webhook deliveries in flight per worker process' },
  WEBHOOK_RETRY_BASE_MS: {
    parse: int(10, 3_600_000).default(30_000),
    meaning:
      "a failed webhook delivery's first retry waits about this long, each next one twice as long (between half and all of it: jitter), up to `WEBHOOK_RETRY_MAX_MS`",
  },
  WEBHOOK_RETRY_MAX_MS: {
    parse: int(10, 86_400_000).default(3_600_000),
    meaning: 'the longest wait between two attempts at a webhook delivery',
  },
  WEBHOOK_RETRY_HOURS: {
    parse: hours.default(24),
    meaning: 'a webhook delivery still refused this long after its first attempt is `failed` (a decimal number of hours: `0.5` is 30 minutes)',
  },
  WEBHOOK_DISABLE_AFTER_HOURS: {
    parse: hours.default(24),
    meaning:
      'a webhook endpoint whose every attempt has failed for this long is disabled (audited as `webhook.disable` by the system, shown on the dashboard) until an admin enables it again',
  },
  WEBHOOK_RETENTION_DAYS: {
    parse: int(1, 3650).default(30),
    meaning: 'webhook events (their payloads, deliveries and attempts) are deleted this long after they happened, once none of their deliveries is still owed',
  },
  MIGRATE_ON_START: {
    parse: flag.optional(),
    whenUnset: 'true outside production',
    meaning: '`npm start` migrates the database',
  },
  SEED_DEMO: {
    parse: flag.optional(),
    whenUnset: 'true outside production',
    meaning: '`npm start` creates the demo campaign in an empty database',
  },
  HEAP_SOFT_LIMIT_MB: {
    parse: int(0, 65_536).default(112),
    meaning: `above this much JavaScript heap a process that \`HEAP_GOVERNOR\` governs runs a full garbage collection, so a busy worker's memory stays near what it uses instead of growing by hundreds of MB of garbage V8 has not yet collected; it collects again only once the heap has grown by ${growthPercent} of the limit since the last collection left it, and while collections free little (live data above the limit) it waits ${seconds(FIRST_BACKOFF_MS)}, then twice as long each time, up to ${seconds(MAX_BACKOFF_MS)}, so a process whose live data stays above the limit is not collected in a loop; 0 leaves it to V8 (use it with \`--max-old-space-size\` or a container memory limit)`,
  },
  HEAP_GOVERNOR: {
    parse: z.enum(HEAP_GOVERNOR_MODES).default('auto'),
    meaning:
      'which processes `HEAP_SOFT_LIMIT_MB` governs: `auto`, those that run the queue workers (`ROLE=worker` or `all`; an API-only process is left to V8); `on`, every process; `off`, none',
  },
  HEAP_SEMI_SPACE_MB: {
    parse: int(0, 64)
      .refine((mb) => mb === 0 || (mb & (mb - 1)) === 0, 'must be 0 or a power of two (1, 2, 4, 8, 16…): V8 doubles a semi-space when it grows')
      .optional(),
    whenUnset: '8 in an API-only process (`ROLE=api`), 4 in one that runs the queue workers',
    meaning:
      "the most each of the two semi-spaces of V8's young generation (where new objects start) may grow to: V8 grows them from 1 MB to 16 MB, 32 MB of resident memory that the API reached while starting, unless `node --max-semi-space-size` says otherwise, and `node dist/main.js` does not say it; Appeals holds them at this size from inside the process (through V8's semi-space growth factor). Smaller saves memory for more young-generation collections, and more objects kept long enough to reach the old generation: an API process under a signing spike allocates about 100 KB a request, so it gets twice a worker's. 0 leaves it to V8 (and to `--max-semi-space-size`)",
  },
  HEAP_GROWING_PERCENT: {
    parse: int(0, 400).default(20),
    meaning:
      "in every process, after each full garbage collection V8 lets the old generation grow by this share of what survived before it collects again (incrementally, mostly beside the program); V8's own factor goes up to 300 % when collecting is cheap, and before its first full collection it allows far more (an API process under a signing spike reached 400 MB of RSS). Smaller holds memory closer to what a process uses, for more frequent collections; 0 leaves the factor to V8",
  },
  LOG_LEVEL: { parse: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), meaning: 'pino level' },
  METRICS_PORT: {
    parse: int(0, 65535).default(9464),
    meaning:
      'a worker-only process (`ROLE=worker`, no HTTP API) serves `GET /metrics` and `GET /health` on this port (0: any free port; if taken, it runs without)',
  },
  STATS_ROLLUP_INTERVAL_SECONDS: {
    parse: int(1, 3600).default(5),
    meaning: "how often each process folds the admin stats' deltas into the per-campaign totals",
  },
  PENDING_RETENTION_DAYS: {
    parse: int(1, 3650).default(30),
    meaning:
      'a signature nobody confirmed is deleted this long after its last signing, with its emails and links (and the supporter, when no signature is left); at least as long as `CONFIRM_TTL_HOURS`',
  },
  CAPTCHA_PROVIDER: {
    parse: z.enum(['none', ...CAPTCHA_PROVIDERS]).default('none'),
    meaning: '`hcaptcha`, `turnstile` or `recaptcha`: every signing (API and form) must then carry a solved CAPTCHA (see [Security and privacy](security.md))',
  },
  CAPTCHA_SITE_KEY: {
    parse: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional(),
    meaning: "the provider's site key, shown in the form (required with a provider)",
  },
  CAPTCHA_SECRET: {
    parse: z.string().trim().min(1).max(500).optional(),
    meaning: "the provider's secret (required with a provider)",
  },
  CAPTCHA_VERIFY_URL: {
    parse: url(['https:', 'http:']).optional(),
    whenUnset: "the provider's own `siteverify` URL",
    meaning: 'where tokens are checked (https; plain http only to this machine)',
  },
  SMTP_ALLOW_INSECURE: {
    parse: flag.default(false),
    meaning:
      'production only: start even though `SMTP_URL` sends mail (and its password) in clear text to another machine (`smtp://` without `?requireTLS=true`), or turns certificate checks off (`?tls.rejectUnauthorized=false`). Only for a network between Appeals and the relay that you trust; for a relay with a self-signed or private-CA certificate, give its CA in `SMTP_CA_FILE` instead',
  },
} satisfies Record<string, ConfigVariable>;

export type ConfigVariableName = keyof typeof CONFIG_VARIABLES;

type Parsers = { [K in ConfigVariableName]: (typeof CONFIG_VARIABLES)[K]['parse'] };

export const configSchema = z.object(Object.fromEntries(Object.entries(CONFIG_VARIABLES).map(([name, variable]) => [name, variable.parse])) as Parsers);

/** The environment as parsed: a value for every variable with a default, undefined for the others when unset. */
export type ParsedEnv = z.output<typeof configSchema>;

export const REQUIRED_IN_PRODUCTION = (Object.keys(CONFIG_VARIABLES) as ConfigVariableName[]).filter(
  (name) => (CONFIG_VARIABLES[name] as ConfigVariable).requiredInProduction,
);

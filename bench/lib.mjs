// What every benchmark needs: a fresh database (migrated), a fresh Redis prefix, the built server
// as real processes, peak memory of a process, a table, and bench/results/<name>.json.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN = { email: 'bench-admin@bench.example', password: 'bench-admin-password-1' };

if (!existsSync(join(DIST, 'main.js'))) {
  console.error('dist/main.js is missing: run `npm run build` first (the npm run bench:* scripts do)');
  process.exit(2);
}

export const machine = () => ({
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  postgres: null,
});

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

/** A run of a benchmark: its own database, Redis prefix and processes, all cleaned up by `close()`. */
export class BenchRun {
  constructor(name) {
    this.name = name;
    this.id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    this.dbName = `appeals_bench_${name}_${this.id}`;
    this.dbUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${this.dbName}` }).toString();
    this.prefix = `bench${this.id}`;
    this.processes = [];
    this.failures = [];
    this.pool = null;
  }

  async createDatabase() {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${this.dbName}`);
    await admin.end();
    const { runMigrations } = await import(join(DIST, 'database', 'prepare-database.js'));
    await runMigrations(this.dbUrl);
    this.pool = new pg.Pool({ connectionString: this.dbUrl, max: 8 });
    const [{ version }] = (await this.pool.query('SHOW server_version')).rows.map((r) => ({ version: r.server_version }));
    this.postgres = version;
    return this.pool;
  }

  query(sql, params) {
    return this.pool.query(sql, params).then((r) => r.rows);
  }

  env(extra = {}) {
    return {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: this.dbUrl,
      REDIS_URL,
      QUEUE_PREFIX: this.prefix,
      SMTP_URL: 'smtp://127.0.0.1:9', // overridden by benchmarks that send
      PUBLIC_URL: 'http://127.0.0.1',
      MAIL_FROM: 'appeals@bench.example',
      MAIL_DOMAIN: 'bench.example',
      ORG_NAME: 'Bench',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: `bench-secret-${this.id}-0123456789abcdef`,
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  /**
   * Starts `node [nodeArgs] dist/main.js` with ROLE; resolves when it serves /health (api) or says it
   * runs (worker). nodeArgs: e.g. ['--cpu-prof'] to see where the time goes.
   */
  async start(role, extra = {}, nodeArgs = []) {
    const port = await freePort();
    const proc = spawn(process.execPath, [...nodeArgs, join(DIST, 'main.js')], {
      cwd: ROOT,
      env: this.env({ ROLE: role, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, ...extra }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    proc.stdout.on('data', (d) => (log += d));
    proc.stderr.on('data', (d) => (log += d));
    // BENCH_LOG_DIR=dir keeps each process's output, e.g. with BENCH_WORKER_NODE_ARGS=--trace-gc
    if (process.env.BENCH_LOG_DIR) {
      const file = createWriteStream(join(process.env.BENCH_LOG_DIR, `${role}-${proc.pid}.log`));
      proc.stdout.pipe(file, { end: false });
      proc.stderr.pipe(file, { end: false });
    }
    const server = {
      role,
      proc,
      url: role === 'worker' ? null : `http://127.0.0.1:${port}`,
      log: () => log,
      // SIGTERM first (a profile is written on a clean exit), SIGKILL after 15 s
      stop: () =>
        new Promise((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
          proc.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          proc.kill('SIGTERM');
        }),
    };
    this.processes.push(server);
    const until = Date.now() + 30_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`${role} exited with ${proc.exitCode}:\n${log.slice(-2000)}`);
      const up = server.url
        ? await fetch(`${server.url}/health`).then(
            (r) => r.ok,
            () => false,
          )
        : log.includes('Appeals is running');
      if (up) return server;
      if (Date.now() > until) throw new Error(`${role} did not start:\n${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async login(server) {
    const r = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    if (r.status !== 200) throw new Error(`login: ${r.status} ${await r.text()}`);
    return (await r.json()).accessToken;
  }

  check(ok, what) {
    if (!ok) this.failures.push(what);
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
    return ok;
  }

  /** Prints the table and writes bench/results/<name>.json; exits 1 when a check failed. */
  report(rows, extra = {}) {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
    const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
    console.log(`\n${line(rows[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
    for (const r of rows.slice(1)) console.log(line(r));
    const result = {
      name: this.name,
      at: new Date().toISOString(),
      machine: { ...machine(), postgres: this.postgres },
      ...extra,
      checks: { failed: this.failures },
    };
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const file = join(ROOT, 'bench', 'results', `${this.name}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwrote ${file}`);
    if (this.failures.length) process.exitCode = 1;
    return result;
  }

  async close() {
    await Promise.all(this.processes.map((p) => p.stop()));
    await this.pool?.end();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    if (!process.env.BENCH_KEEP_DB) {
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}

/** Resident memory of a process now, in MB (Linux: VmRSS). */
export function rssMb(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}

/**
 * The highest resident memory of some processes while a piece of work runs: sampled every 100 ms
 * from start() to stop() (not VmHWM, which also counts the moment of starting up).
 */
export class RssSampler {
  constructor(pids) {
    this.pids = pids;
    this.peak = new Map(pids.map((p) => [p, 0]));
    this.timer = null;
  }
  sample() {
    for (const p of this.pids) this.peak.set(p, Math.max(this.peak.get(p), rssMb(p) || 0));
  }
  start() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
    return this;
  }
  stop() {
    clearInterval(this.timer);
    this.sample();
    return this;
  }
  of(pid) {
    return this.peak.get(pid);
  }
}

export async function api(server, token, method, path, body) {
  const r = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A live campaign with `targets` launched targets; answers its id, slug and target ids. */
export async function liveCampaign(server, token, { targets = 1, body = {} } = {}) {
  const slug = `bench-${randomBytes(4).toString('hex')}`;
  const c = await api(server, token, 'POST', '/api/campaigns', {
    slug,
    title: 'Stop the assault on Homs',
    appeal: {
      subject: 'Use your influence to stop the assault on Homs',
      body: 'Dear {{target.title}} {{target.name}},\n\nI urge {{target.organization}} to act.\n\n{{supporter.comment}}',
    },
    ...body,
  });
  const ids = [];
  for (let i = 0; i < targets; i++) {
    const t = await api(server, token, 'POST', '/api/targets', {
      name: `Minister ${i}`,
      title: 'Minister of Foreign Affairs',
      organization: `State ${i}`,
      email: `minister${i}.${slug}@officials.example`,
    });
    ids.push(t.id);
    await api(server, token, 'POST', `/api/campaigns/${c.id}/targets`, { targetId: t.id });
  }
  return { id: c.id, slug, targetIds: ids };
}

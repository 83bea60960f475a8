import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expectStatus } from './helpers/api-client.js';
import { campaignWithLetters, expectEachSentExactlyOnce, waitAllSent } from './helpers/bulk.js';
import { createLiveCampaign, createTargets, signAndConfirm, supporter } from './helpers/fixtures.js';
import { freePort } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/** server connections PgBouncer opens per database and user: fewer than the app's pool (DB_POOL_SIZE, 10), so they are shared */
const SERVER_POOL = 4;

/**
 * A pgbouncer process of the test's own (Debian's package, `.ci/run` installs it) on a spare
 * port, in transaction pooling, in front of the shared PostgreSQL on 5432: any database name is
 * passed through (the `*` entry) with SERVER_POOL server connections, and `one_server` is the
 * test database through a single server connection.
 */
class PgBouncer {
  readonly dir = mkdtempSync(join(tmpdir(), 'appeals-pgbouncer-'));
  private proc: ChildProcess | null = null;
  private output = '';
  port = 0;
  /** `max_prepared_statements` exists (1.21 and later): PgBouncer carries named statements across server connections */
  readonly tracksPreparedStatements: boolean;
  readonly version: string;

  constructor(readonly binary: string) {
    this.version = /PgBouncer (\d+\.\d+(?:\.\d+)?)/.exec(execFileSync(binary, ['--version']).toString())?.[1] ?? '0.0';
    const [major, minor] = this.version.split('.').map(Number);
    this.tracksPreparedStatements = major > 1 || (major === 1 && minor >= 21);
  }

  static binary(): string | null {
    for (const candidate of ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer']) if (existsSync(candidate)) return candidate;
    try {
      return execFileSync('sh', ['-c', 'command -v pgbouncer']).toString().trim() || null;
    } catch {
      return null;
    }
  }

  async start(database: string) {
    this.port = await freePort();
    const ini = join(this.dir, 'pgbouncer.ini');
    const users = join(this.dir, 'userlist.txt');
    writeFileSync(users, '"postgres" ""\n');
    writeFileSync(
      ini,
      [
        '[databases]',
        `one_server = host=127.0.0.1 port=5432 dbname=${database} pool_size=1`,
        `* = host=127.0.0.1 port=5432`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${this.port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${users}`,
        'admin_users = postgres',
        'pool_mode = transaction',
        `default_pool_size = ${SERVER_POOL}`,
        'max_client_conn = 200',
        ...(this.tracksPreparedStatements ? ['max_prepared_statements = 100'] : []),
        '',
      ].join('\n'),
    );
    // PgBouncer refuses to run as root: as root (CI), it runs as postgres, which must read the files
    chmodSync(this.dir, 0o755);
    const asRoot = process.getuid?.() === 0;
    this.proc = spawn(this.binary, [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.proc.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    await waitFor(
      async () => {
        if (this.proc?.exitCode !== null) throw new Error(`pgbouncer exited with ${this.proc?.exitCode}:\n${this.output}`);
        return this.admin('SHOW VERSION').then(
          () => true,
          () => false,
        );
      },
      `pgbouncer on ${this.port}`,
      { timeout: 10_000 },
    );
    return this;
  }

  /** `url` (a database on 127.0.0.1:5432) through this PgBouncer. */
  through(url: string, database?: string): string {
    const u = new URL(url);
    u.port = String(this.port);
    if (database) u.pathname = `/${database}`;
    return u.toString();
  }

  /** A SHOW command on PgBouncer's admin console. */
  async admin(command: string): Promise<Record<string, unknown>[]> {
    const c = new pg.Client({ host: '127.0.0.1', port: this.port, user: 'postgres', database: 'pgbouncer' });
    c.on('error', () => undefined);
    await c.connect();
    try {
      return (await c.query(command)).rows;
    } finally {
      await c.end();
    }
  }

  async stop() {
    const p = this.proc;
    if (p && p.exitCode === null && p.signalCode === null) {
      await new Promise<void>((resolve) => {
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      });
    }
    this.proc = null;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const binary = PgBouncer.binary();
if (!binary) throw new Error('pgbouncer is not installed: `apt-get install pgbouncer` (.ci/run does)');

describe('behind PgBouncer in transaction pooling', () => {
  const bouncer = new PgBouncer(binary);
  const { stack, app } = useStack({
    beforeApps: (stack) => bouncer.start(stack.db.name),
    app: (stack) => ({
      // the app reaches PostgreSQL only through PgBouncer (the test database is migrated already, directly)
      DATABASE_URL: bouncer.through(stack.db.url),
      // before 1.21, named statements are PgBouncer's to break: the app sends them unnamed
      DB_PREPARED_STATEMENTS: String(bouncer.tracksPreparedStatements),
      ROLE: 'all',
    }),
    afterApps: () => bouncer.stop(),
  });

  /** PgBouncer's figures for the test database. */
  async function pool() {
    const [p] = (await bouncer.admin('SHOW POOLS')).filter((r) => r.database === stack.db.name);
    const [s] = (await bouncer.admin('SHOW STATS')).filter((r) => r.database === stack.db.name);
    return { servers: Number(p.sv_active) + Number(p.sv_idle) + Number(p.sv_used), transactions: Number(s.total_xact_count) };
  }

  it('signing and confirming, 300 letters each sent once, the stats: all through PgBouncer, on fewer server connections than the app holds', async () => {
    // signing (a shared advisory lock of the campaign, in the signing transaction) and confirming, by the public API
    const live = await createLiveCampaign(app.admin, { targets: await createTargets(app.admin, 2) });
    await signAndConfirm(app.api, stack.smtp, live.slug, supporter(1));
    // 300 letters owed at once: backfills (exclusive advisory locks), claims and records (the prepared statements)
    const c = await campaignWithLetters(app.admin, stack.db, {
      targets: 3,
      signatures: 100,
      body: { delivery: { mode: 'individual', maxPerTargetPerHour: 10_000 } },
    });
    await c.go();
    await waitAllSent(stack.db, c.id, 300, 60_000);
    await expectEachSentExactlyOnce(
      stack.db,
      stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === c.slug),
      c.id,
      300,
    );
    await waitAllSent(stack.db, live.id, 2, 20_000);
    const stats = expectStatus(await app.admin.get('/api/admin/stats'), 200);
    const byId = (id: string) => stats.campaigns.find((r: { id: string }) => r.id === id);
    expect(byId(c.id)).toMatchObject({
      signatures: expect.objectContaining({ confirmed: 100 }),
      deliveries: expect.objectContaining({ sent: 300 }),
      sentLastHour: 300,
    });
    expect(byId(live.id)).toMatchObject({ signatures: expect.objectContaining({ confirmed: 1 }), deliveries: expect.objectContaining({ sent: 2 }) });
    expect(expectStatus(await app.api.get('/health'), 200).info.database.status).toBe('up');

    const { servers, transactions } = await pool();
    // the app's transactions went through PgBouncer (claims and records are batched: fewer than two a letter)
    expect(transactions).toBeGreaterThan(100);
    expect(servers).toBeGreaterThan(0);
    expect(servers).toBeLessThanOrEqual(SERVER_POOL);
    process.stdout.write(
      `\nPgBouncer ${bouncer.version}, pool_mode transaction, ${SERVER_POOL} server connections, DB_PREPARED_STATEMENTS=${bouncer.tracksPreparedStatements}: ` +
        `${transactions} transactions, 300 letters each sent once\n`,
    );
  });

  it(`why DB_PREPARED_STATEMENTS: two pool connections naming the same statement on one server connection collide`, async () => {
    const clients = [0, 1].map(() => new pg.Client({ connectionString: bouncer.through(stack.db.url, 'one_server') }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const statement = { name: 'letter-claim', text: 'SELECT 1 AS one' };
      await clients[0].query(statement);
      const second = clients[1].query(statement);
      if (bouncer.tracksPreparedStatements) await expect(second).resolves.toMatchObject({ rows: [{ one: 1 }] });
      // each client prepares the name on its first use; PgBouncer before 1.21 hands both the same server connection
      else await expect(second).rejects.toThrow(/prepared statement "letter-claim" already exists/);
      // unnamed, as the app sends them with DB_PREPARED_STATEMENTS=false: no name to collide
      await expect(clients[1].query({ text: 'SELECT 1 AS one' })).resolves.toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});

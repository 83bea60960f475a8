import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { useStack } from './helpers/use-stack.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'cli.js');

/** `npm run cli -- …` as an operator runs it: the built command against the real database. */
function runCli(env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d));
    proc.stderr.on('data', (d: Buffer) => (out += d));
    proc.once('error', reject);
    proc.once('exit', (code) => resolve({ code, out }));
  });
}

describe('the command line', () => {
  const { stack, app } = useStack({
    beforeApps: () => {
      if (!existsSync(CLI)) throw new Error('dist/cli/cli.js is missing: `npm test` builds it first (pretest), or run `npm run build`');
    },
    app: { MIGRATE_ON_START: 'true' },
  });

  it('users:create makes a staff account that can sign in (also in development, with no SMTP_URL)', async () => {
    const result = await runCli({ ...stack.env, SMTP_URL: '' }, [
      'users:create',
      '--email',
      'Nadia@Campaigns.example',
      '--role',
      'campaigner',
      '--password',
      'a-long-enough-password',
    ]);
    expect(result.out).toContain('created campaigner nadia@campaigns.example');
    expect(result.code).toBe(0);
    const [row] = await stack.db.query(`SELECT role, active FROM users WHERE email = 'nadia@campaigns.example'`);
    expect(row).toEqual({ role: 'campaigner', active: true });
    const nadia = await new ApiClient(app.url).login('nadia@campaigns.example', 'a-long-enough-password');
    expectStatus(await nadia.get('/api/campaigns'), 200);
  });

  it('refuses a short password with a message and changes nothing', async () => {
    const result = await runCli(stack.env, ['users:create', '--email', 'short@campaigns.example', '--password', 'short']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('at least 12 characters');
    expect(await stack.db.query(`SELECT 1 FROM users WHERE email = 'short@campaigns.example'`)).toHaveLength(0);
  });

  it('seed:demo creates the founding campaign once', async () => {
    const first = await runCli(stack.env, ['seed:demo']);
    expect(first.code).toBe(0);
    const second = await runCli(stack.env, ['seed:demo']);
    expect(second.code).toBe(0);
    const rows = await stack.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM campaigns WHERE slug = 'stop-the-assault-on-homs'`);
    expect(rows[0].n).toBe('1');
  });
});

import { ApiClient } from './helpers/api-client.js';
import { spawnServer } from './helpers/processes.js';
import { useStack } from './helpers/use-stack.js';

/**
 * The built server in production (NODE_ENV=production) refuses to start on a weak secret, a
 * default admin password or clear-text SMTP to another machine, naming each variable; and starts
 * on what the acceptance harness gives it.
 */
describe('production start-up', () => {
  const { stack } = useStack({ app: false });
  let production: Record<string, string>;

  beforeAll(() => {
    production = {
      ...stack.env,
      NODE_ENV: 'production',
      JWT_SECRET: `secret-acc${process.pid}-0123456789abcdef`,
      ADMIN_EMAIL: 'admin@campaigns.example',
      ADMIN_PASSWORD: `acc-acc${process.pid}-Pa55word!`,
      // the harness's mail server: on this machine, plain SMTP
      SMTP_URL: stack.smtp.url,
    };
  });

  it('starts with the acceptance harness’s settings, and the admin can log in', async () => {
    const server = await spawnServer(production, 'api');
    try {
      const login = await new ApiClient(server.url!).post('/api/auth/login', { email: production.ADMIN_EMAIL, password: production.ADMIN_PASSWORD });
      expect(login.status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('refuses a weak JWT_SECRET, a well-known ADMIN_PASSWORD and clear-text SMTP to another host, naming each, and exits 1', async () => {
    const weak = {
      ...production,
      JWT_SECRET: 'abcabcabcabcabcabcabcabcabcabcabc',
      ADMIN_PASSWORD: 'changeme1234',
      SMTP_URL: 'smtp://user:hunter2@mail.example.org:587',
    };
    const failure = await spawnServer(weak, 'api').then(
      async (s) => {
        await s.stop();
        throw new Error('the server started');
      },
      (e: Error) => e.message,
    );
    expect(failure).toContain('exited with 1');
    expect(failure).toContain('JWT_SECRET: has too little variety');
    expect(failure).toContain('ADMIN_PASSWORD: is a well-known default password');
    expect(failure).toContain('SMTP_URL: smtp:// to mail.example.org sends mail and the SMTP password without TLS');
    // and the refusal does not repeat the secrets it refuses
    for (const secret of ['abcabcabc', 'changeme1234', 'hunter2']) expect(failure).not.toContain(secret);
  });

  it('accepts clear-text SMTP to another host when told to (SMTP_ALLOW_INSECURE=true)', async () => {
    const server = await spawnServer({ ...production, SMTP_URL: 'smtp://mail.invalid:2525', SMTP_ALLOW_INSECURE: 'true' }, 'api');
    expect(await server.stop()).toBe(0);
  });
});

import { randomBytes } from 'node:crypto';
import { createApp, isHttpApp, runStartupTasks, type App } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter } from './helpers/fixtures.js';
import { freePort } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

const HINT = ' (set WEBHOOK_ALLOW_PRIVATE=true to allow receivers on this machine or a private network)';

/**
 * No server-side request forgery through webhooks: an endpoint on this machine, a private network
 * or the cloud's metadata service is refused when it is registered (in production, so is plain
 * http), and, should a name resolve to such an address only later (DNS rebinding), when the
 * worker connects.
 */
describe('webhooks may not reach this machine, a private network or the metadata service', () => {
  const receiver = new WebhookReceiver();
  // WEBHOOK_ALLOW_PRIVATE is not set: the default
  const { stack, app } = useStack({ beforeApps: () => receiver.start(), app: { WEBHOOK_RETRY_BASE_MS: '50' }, afterApps: () => receiver.stop() });

  it.each([
    ['http://127.0.0.1:8080/hooks', "url's host 127.0.0.1 is a loopback address (this machine): webhooks may not reach it" + HINT],
    ['http://[::1]:8080/hooks', "url's host ::1 is a loopback address (this machine): webhooks may not reach it" + HINT],
    [
      'http://[::ffff:127.0.0.1]/',
      "url's host ::ffff:7f00:1 is a loopback address (this machine) (the IPv4 address 127.0.0.1 inside an IPv6 one): webhooks may not reach it" + HINT,
    ],
    ['http://10.20.30.40/', "url's host 10.20.30.40 is a private address: webhooks may not reach it" + HINT],
    ['http://169.254.169.254/latest/meta-data/', "url's host 169.254.169.254 is a cloud metadata address: webhooks may not reach it"],
    ['http://[fd00:ec2::254]/', "url's host fd00:ec2::254 is a cloud metadata address: webhooks may not reach it"],
  ])('refuses to register %s', async (url, message) => {
    const r = await app.admin.post('/api/admin/webhooks', { url, events: ['signature.confirmed'] });
    expect([r.status, r.json.message]).toEqual([400, message]);
  });

  it('refuses a host name that resolves to this machine', async () => {
    const r = await app.admin.post('/api/admin/webhooks', { url: `http://localhost:${receiver.port}/hooks`, events: ['signature.confirmed'] });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/^url's host localhost resolves to (127\.0\.0\.1|::1), a loopback address \(this machine\): webhooks may not reach it/);
    expect(await stack.db.query(`SELECT 1 FROM webhook_endpoints`)).toEqual([]);
  });

  it('refuses at connect time what was allowed at registration (a name whose DNS now points here), and logs why', async () => {
    // as if registered while the names pointed elsewhere: they resolve to this machine now
    const urls = [`http://localhost:${receiver.port}/hooks`, `http://127.0.0.1:${receiver.port}/hooks`];
    for (const url of urls) {
      await stack.db.query(
        `INSERT INTO webhook_endpoints (url, events, secret) VALUES ($1, '{signature.confirmed}', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')`,
        [url],
      );
    }
    const campaign = await createLiveCampaign(app.admin, { targets: await createTargets(app.admin, 1), body: { requireConfirmation: false } });
    expectStatus(await app.api.sign(campaign.slug, supporter(1)), 202);
    const attempts = await waitFor(async () => {
      const rows = await stack.db.query<{ url: string; status_code: number | null; error: string }>(
        `SELECT DISTINCT ON (e.url) e.url, a.status_code, a.error FROM webhook_attempts a
             JOIN webhook_deliveries d ON d.id = a.delivery_id JOIN webhook_endpoints e ON e.id = d.endpoint_id ORDER BY e.url, a.at`,
      );
      return rows.length === 2 ? rows : null;
    }, 'an attempt at each endpoint');
    expect(attempts).toEqual([
      { url: urls[1], status_code: null, error: '127.0.0.1 is a loopback address (this machine)' },
      { url: urls[0], status_code: null, error: expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address \(this machine\)$/) },
    ]);
    // the receiver on this machine was never reached
    expect(receiver.received).toEqual([]);
    // and the refusals count as failures: retried (and, in time, the endpoint disabled)
    const [delivery] = await stack.db.query(`SELECT status, last_status_code, last_error FROM webhook_deliveries ORDER BY endpoint_id LIMIT 1`);
    expect(delivery).toMatchObject({ status: expect.stringMatching(/^(retrying|sending)$/), last_status_code: null });
  });
});

describe('webhooks in production (NODE_ENV=production)', () => {
  let production: App | null = null;
  let admin: ApiClient;
  const { stack } = useStack({ app: false, stopFirst: () => production?.close() });

  beforeAll(async () => {
    const port = await freePort();
    const credentials = { email: 'root@campaigns.example', password: `Wh-${randomBytes(12).toString('base64')}` };
    const config = loadConfig({
      ...stack.env,
      NODE_ENV: 'production',
      ROLE: 'api',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      JWT_SECRET: randomBytes(32).toString('base64'),
      ADMIN_EMAIL: credentials.email,
      ADMIN_PASSWORD: credentials.password,
    });
    expect(config.production).toBe(true);
    production = await createApp(config);
    if (!isHttpApp(production)) throw new Error('an api role answers HTTP');
    await runStartupTasks(production, config);
    await production.listen(port, '127.0.0.1');
    admin = await new ApiClient(`http://127.0.0.1:${port}`).login(credentials.email, credentials.password);
  });

  it.each([
    ['http://crm.example.org/hooks', 'url must use https in production (NODE_ENV=production)'],
    ['https://127.0.0.1/hooks', "url's host 127.0.0.1 is a loopback address (this machine): webhooks may not reach it" + HINT],
    ['https://192.168.1.20/hooks', "url's host 192.168.1.20 is a private address: webhooks may not reach it" + HINT],
    ['https://100.64.0.7/hooks', "url's host 100.64.0.7 is a carrier-grade NAT address (100.64.0.0/10): webhooks may not reach it" + HINT],
    ['https://[fe80::1]/hooks', "url's host fe80::1 is a link-local address: webhooks may not reach it" + HINT],
    ['https://169.254.169.254/latest/meta-data/', "url's host 169.254.169.254 is a cloud metadata address: webhooks may not reach it"],
  ])('refuses %s', async (url, message) => {
    const r = await admin.post('/api/admin/webhooks', { url, events: ['signature.confirmed'] });
    expect([r.status, r.json.message]).toEqual([400, message]);
  });

  it('refuses https to a name that resolves to this machine, and registers nothing', async () => {
    const r = await admin.post('/api/admin/webhooks', { url: 'https://localhost/hooks', events: ['supporter.erased'] });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/^url's host localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(expectStatus(await admin.get('/api/admin/webhooks'), 200).items).toEqual([]);
  });
});

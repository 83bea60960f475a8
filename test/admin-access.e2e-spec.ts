import { MailTransport } from '../src/mail/mail-transport.js';
import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, newCampaigner, supporter, uniq } from './helpers/fixtures.js';
import { freePort, startApp, startStack, ADMIN, type RunningApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/** The session cookie the login sets, as a browser would send it back. */
async function sessionCookie(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('appeals_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0];
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The admin pages: the dashboard, Bull Board, the caught mail. Admins in; campaigners and strangers out. */
describe('admin pages', () => {
  const { app } = useStack();
  let adminCookie: string;
  let campaignerCookie: string;
  let campaignerToken: string;

  beforeAll(async () => {
    const email = `campaigner.${uniq()}@staff.example`;
    expectStatus(await app.admin.post('/api/users', { email, password: 'campaigner-password-1', role: 'campaigner' }), 201);
    adminCookie = await sessionCookie(app.url, ADMIN.email, ADMIN.password);
    campaignerCookie = await sessionCookie(app.url, email, 'campaigner-password-1');
    campaignerToken = (await app.api.login(email, 'campaigner-password-1')).token!;
  });

  describe('GET /admin', () => {
    it('sends a visitor without a login to the console’s sign-in page, coming back here', async () => {
      const r = await get(`${app.url}/admin`);
      expect(r.status).toBe(302);
      expect(r.headers.get('location')).toBe('/console/login?next=%2Fadmin');
      expect(r.text).not.toContain('Delivery monitoring');
      const login = await get(`${app.url}/console/login?next=%2Fadmin`);
      expect(login.status).toBe(200);
      expect(login.text).toContain('<form method="post" action="/console/login"');
      expect(login.text).toContain('name="next" value="/admin"');
      // the old address of the login leads there too
      expect((await get(`${app.url}/admin/login`)).headers.get('location')).toBe('/console/login?next=%2Fadmin');
    });

    it('refuses a campaigner, by cookie or token', async () => {
      for (const headers of [{ cookie: campaignerCookie }, { authorization: `Bearer ${campaignerToken}` }] as Record<string, string>[]) {
        const r = await get(`${app.url}/admin`, headers);
        expect(r.status).toBe(403);
        expect(r.text).toContain('Admins only');
        expect(r.text).not.toContain('id="chart"');
      }
    });

    it('shows admins the dashboard, with no inline script or style', async () => {
      const r = await get(`${app.url}/admin`, { cookie: adminCookie });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('text/html');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.text).toContain('<h1>Delivery monitoring</h1>');
      expect(r.text).toMatch(/<script src="\/assets\/admin-dashboard\.js\?v=[\w-]+" defer><\/script>/);
      // in the console's frame: its navigation, its stylesheet, the session's CSRF token for the Retry buttons
      expect(r.text).toContain('<nav class="main-nav" aria-label="Console">');
      expect(r.text).toMatch(/<meta name="csrf-token" content="[\w-]{43}">/);
      expect(r.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(r.text).not.toMatch(/\sstyle=|<style/);
      expect(r.text).not.toMatch(/\son[a-z]+=/);
      // its script and styles are served by the app (no CDN)
      const assets = r.text.match(/\/assets\/[\w.-]+\?v=[\w-]+/g) ?? [];
      for (const asset of assets) expect([asset, (await get(`${app.url}${asset}`)).status]).toEqual([asset, 200]);
      expect(assets.map((a) => a.split('?')[0]).sort()).toEqual(
        ['/assets/admin-dashboard.js', '/assets/console.css', '/assets/console.js', '/assets/favicon.svg'].sort(),
      );
      // with SMTP_URL set there is no caught mail to link to
      expect(r.text).not.toContain('href="/admin/mail"');
    });

    it('never follows a login to another site', async () => {
      const r = await get(`${app.url}/admin/login?next=${encodeURIComponent('https://evil.example/admin')}`);
      expect(r.headers.get('location')).toBe('/console/login?next=%2Fconsole');
      expect((await get(`${app.url}/admin/login?next=${encodeURIComponent('/admin/queues')}`)).headers.get('location')).toBe(
        '/console/login?next=%2Fadmin%2Fqueues',
      );
      expect((await get(`${app.url}/console/login?next=${encodeURIComponent('//evil.example/admin')}`)).text).toContain('name="next" value="/console"');
    });
  });

  describe('Bull Board at /admin/queues', () => {
    it('refuses an anonymous visitor (401) and a campaigner (403)', async () => {
      for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues', '/admin/queues/queue/appeals']) {
        const anonymous = await get(`${app.url}${path}`);
        expect(anonymous.status).toBe(401);
        expect(JSON.parse(anonymous.text)).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        const campaigner = await get(`${app.url}${path}`, { cookie: campaignerCookie });
        expect(campaigner.status).toBe(403);
        expect(JSON.parse(campaigner.text)).toMatchObject({ statusCode: 403, error: 'Forbidden' });
        expect((await get(`${app.url}${path}`, { authorization: `Bearer ${campaignerToken}` })).status).toBe(403);
        expect((await get(`${app.url}${path}`, { cookie: 'appeals_session=forged.token.here' })).status).toBe(401);
      }
      // a browser is offered the login page
      const browser = await get(`${app.url}/admin/queues`, { accept: 'text/html' });
      expect(browser.status).toBe(401);
      expect(browser.text).toContain('href="/console/login?next=%2Fadmin%2Fqueues"');
    });

    it('lets an admin in, by session cookie or token, showing the three queues read-only', async () => {
      const page = await get(`${app.url}/admin/queues`, { cookie: adminCookie });
      expect(page.status).toBe(200);
      expect(page.text).toContain('Appeals queues');
      const api = await get(`${app.url}/admin/queues/api/queues`, { authorization: `Bearer ${app.admin.token}` });
      expect(api.status).toBe(200);
      const queues = JSON.parse(api.text).queues as { name: string; readOnlyMode: boolean }[];
      expect(queues.map((q) => q.name).sort()).toEqual(['appeals', 'maintenance', 'notifications', 'webhooks']);
      expect(queues.every((q) => q.readOnlyMode)).toBe(true);
    });
  });

  describe('/admin/mail', () => {
    it('is not there when mail goes to a real SMTP server (SMTP_URL set)', async () => {
      expect((await get(`${app.url}/admin/mail`, { cookie: adminCookie })).status).toBe(404);
      expect((await get(`${app.url}/admin/mail`)).status).toBe(404);
    });

    it('shows admins what the embedded mail catcher caught (SMTP_URL unset)', async () => {
      // a stack of its own: no other app may take these emails to a real SMTP server
      const devStack = await startStack();
      delete devStack.env.SMTP_URL;
      let dev: RunningApp | null = null;
      try {
        dev = await startApp(devStack, { MAIL_CATCHER_PORT: String(await freePort()) });
        const [target] = await createTargets(dev.admin, 1);
        const campaign = await createLiveCampaign(dev.admin, { targets: [target] });
        const s = supporter(1);
        expectStatus(await dev.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s), 202);
        const [caught] = await waitFor(async () => {
          const rows = await devStack.db.query<{ id: string }>(`SELECT id FROM caught_mail WHERE $1 = ANY (envelope_to)`, [s.email]);
          return rows.length ? rows : null;
        }, 'the confirmation email to be caught');
        expect(devStack.smtp.received).toHaveLength(0);

        const cookie = await sessionCookie(dev.url, ADMIN.email, ADMIN.password);
        const list = await get(`${dev.url}/admin/mail`, { cookie });
        expect(list.status).toBe(200);
        expect(list.text).toContain(s.email);
        expect(list.text).toContain(`href="/admin/mail/${caught.id}"`);
        const message = await get(`${dev.url}/admin/mail/${caught.id}`, { cookie });
        expect(message.status).toBe(200);
        expect(message.text).toContain('/confirm/');
        expect(message.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect((await get(`${dev.url}/admin`, { cookie })).text).toContain('href="/admin/mail"');

        const { staff: campaigner } = await newCampaigner(dev);
        expect((await get(`${dev.url}/admin/mail`)).headers.get('location')).toBe('/console/login?next=%2Fadmin%2Fmail');
        expect((await get(`${dev.url}/admin/mail/${caught.id}`, { authorization: `Bearer ${campaigner.token}` })).status).toBe(403);
        expect((await get(`${dev.url}/admin/mail/00000000-0000-4000-8000-000000000000`, { cookie })).status).toBe(404);
        expect((await get(`${dev.url}/admin/mail/nope`, { cookie })).status).toBe(400);
      } finally {
        // the catcher's SMTP server waits (30 s) for open client connections when it closes:
        // close the app's SMTP pool first (reported: shutdown order of MailCatcher/MailTransport)
        dev?.app.get(MailTransport).onApplicationShutdown();
        await dev?.stop();
        await devStack.stop();
      }
    });
  });
});

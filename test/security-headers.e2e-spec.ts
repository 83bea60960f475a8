import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser/support.js';
import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, newCampaigner, supporter } from './helpers/fixtures.js';
import { confirmTokenIn } from './helpers/smtp-server.js';
import { ADMIN } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const PARTNER = 'https://partner.example';

/**
 * HTTP hardening as a browser meets it: security headers on every answer, a strict
 * Content-Security-Policy under which the pages still work (chromium, with CSP enforced),
 * CSRF protection for cookie-authenticated changes and the public form, CORS for the public API
 * only, and no stack trace in any answer.
 */
describe('HTTP hardening', () => {
  const { stack, app } = useStack({ app: { PUBLIC_CORS_ORIGINS: PARTNER, FORM_MIN_FILL_SECONDS: '0' } });
  let campaign: { id: string; slug: string };

  beforeAll(async () => {
    const [target] = await createTargets(app.admin, 1);
    campaign = await createLiveCampaign(app.admin, { targets: [target] });
  });

  describe('headers', () => {
    it.each(['/c/{slug}', '/console/login', '/api/public/campaigns/{slug}', '/health', '/assets/app.css'])('%s carries the security headers', async (path) => {
      const r = await app.api.get(path.replace('{slug}', campaign.slug));
      expect(r.status).toBe(200);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toMatch(/^(SAMEORIGIN|DENY)$/);
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(r.headers.get('x-powered-by')).toBeNull();
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      // http://127.0.0.1: no HSTS (a browser ignores it there, and a developer would be locked out of http)
      expect(r.headers.get('strict-transport-security')).toBeNull();
    });

    it('gives the pages a strict CSP: scripts and styles of this origin only, nothing inline', async () => {
      for (const path of [`/c/${campaign.slug}`, '/console/login', '/admin', '/console/campaigns']) {
        const csp = (await app.api.get(path)).headers.get('content-security-policy')!;
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain("script-src 'self';");
        expect(csp).toContain("style-src 'self';");
        expect(csp).toContain("form-action 'self'");
        expect(csp).not.toContain('unsafe');
      }
    });

    it('loosens the CSP for Swagger UI and Bull Board on their own paths only (inline styles, never inline scripts)', async () => {
      const docs = (await app.api.get('/api/docs')).headers.get('content-security-policy')!;
      expect(docs).toContain("style-src 'self' 'unsafe-inline'");
      expect(docs).toContain("script-src 'self';");
      const board = (await app.admin.get('/admin/queues')).headers.get('content-security-policy')!;
      expect(board).toContain("style-src 'self' 'unsafe-inline'");
      expect(board).not.toContain("script-src 'self' 'unsafe");
    });
  });

  describe('the pages work under their CSP, in a browser that enforces it', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    /** A page that records every CSP violation (the recorder is installed by the browser, not by the page). */
    async function watched(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.addInitScript(() => {
        const g = globalThis as unknown as {
          __csp: string[];
          addEventListener: (t: string, f: (e: { violatedDirective: string; blockedURI: string }) => void) => void;
        };
        g.__csp = [];
        g.addEventListener('securitypolicyviolation', (e) => g.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      return { page, violations: () => page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp) };
    }

    it('the sign form signs with JavaScript (no page load), and the confirmation page shows', async () => {
      const { page, violations } = await watched();
      await page.goto(`${app.url}/c/${campaign.slug}`);
      const s = supporter(1);
      await page.getByLabel('First name').fill(s.firstName);
      await page.getByLabel('Last name').fill(s.lastName);
      await page.getByLabel('Email address').fill(s.email);
      await page.getByLabel('Country').selectOption(s.country);
      await page.getByRole('button', { name: 'Sign the appeal' }).click();
      await page.locator('#sign-done').waitFor({ state: 'visible' });
      expect(await violations()).toEqual([]);

      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email));
      const confirmed = await page.goto(`${app.url}/confirm/${confirmTokenIn(mail)}`);
      // the page says the signature is confirmed (an expired or unknown link has a heading too)
      expect(confirmed?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('Thank you: your signature is confirmed');
      await page.getByText('Your letter is on its way to the officials.').waitFor();
      expect(await page.locator('article.message').getAttribute('class')).toContain('ok');
      const [signature] = await stack.db.query(
        `SELECT s.status FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1 AND s.campaign_id = $2`,
        [s.email, campaign.id],
      );
      expect(signature).toEqual({ status: 'confirmed' });
      expect(await violations()).toEqual([]);
      await page.close();
    });

    it('the sign-in, the console and the dashboard work, with the cookie session', async () => {
      const { page, violations } = await watched();
      await page.goto(`${app.url}/admin`);
      await page.waitForURL(/\/console\/login\?next=%2Fadmin$/);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await Promise.all([page.waitForURL(`${app.url}/admin`), page.getByRole('button', { name: 'Sign in' }).click()]);
      await page.locator('#campaigns tr[data-campaign]').first().waitFor();
      expect(await violations()).toEqual([]);

      // Bull Board renders its queues; its web font (Google Fonts) is the one thing refused
      await page.goto(`${app.url}/admin/queues`);
      await page.getByText('appeals', { exact: false }).first().waitFor();
      const seen = await violations();
      expect(seen.filter((v) => !v.includes('fonts.googleapis.com'))).toEqual([]);
      // (which also shows the recorder sees what the policy refuses: the admin's address is not handed to Google)
      expect(seen).toContainEqual(expect.stringContaining('fonts.googleapis.com'));
      await page.close();
    });

    it('Swagger UI renders the API', async () => {
      const { page, violations } = await watched();
      await page.goto(`${app.url}/api/docs`);
      await page.locator('.opblock').first().waitFor();
      expect((await violations()).filter((v) => !/validator\.swagger\.io/.test(v))).toEqual([]);
      await page.close();
    });
  });

  describe('CSRF', () => {
    let cookie: string;
    let failedLetter: string;

    beforeAll(async () => {
      const login = expectStatus(await app.api.post('/api/auth/login', ADMIN), 200);
      expect(login.accessToken).toBeTruthy();
      cookie = (await app.api.post('/api/auth/login', ADMIN)).headers.get('set-cookie')!.split(';')[0];
      // a failed letter to retry
      const s = supporter(2);
      expectStatus(await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s), 202);
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email));
      expectStatus(await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(mail) }), 200);
      await waitFor(async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE status = 'sent'`)).length >= 1, 'a letter to be sent');
      const [d] = await stack.db.query(`UPDATE deliveries SET status = 'failed', last_error = '550 test' WHERE status = 'sent' RETURNING id`);
      failedLetter = d.id;
    });

    const retry = (headers: Record<string, string>) => app.api.call('POST', `/api/admin/deliveries/${failedLetter}/retry`, undefined, headers);
    const status = async () => (await stack.db.query(`SELECT status FROM deliveries WHERE id = $1`, [failedLetter]))[0].status;

    it('refuses an admin action sent with the session cookie from another site, and changes nothing', async () => {
      const attempts: Record<string, string>[] = [
        { cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
        { cookie, 'sec-fetch-site': 'same-site', origin: 'https://evil.127.0.0.1.example' },
        { cookie, origin: 'https://evil.example' },
        { cookie, origin: 'null' },
      ];
      for (const headers of attempts) {
        const r = await retry(headers);
        expect(r.status).toBe(403);
        expect(r.json).toEqual({ statusCode: 403, message: expect.stringMatching(/^Cross-site request refused/), error: 'Forbidden' });
      }
      expect(await status()).toBe('failed');
      expect(await stack.db.query(`SELECT 1 FROM audit_log WHERE action = 'delivery.retry'`)).toEqual([]);
    });

    it('refuses the same action from this site without the session’s CSRF token (a page of this site puts it in), and changes nothing', async () => {
      for (const token of [undefined, 'x'.repeat(43)]) {
        const r = await retry({ cookie, 'sec-fetch-site': 'same-origin', origin: app.url, ...(token ? { 'x-csrf-token': token } : {}) });
        expect(r.status).toBe(403);
        expect(r.json.message).toMatch(/CSRF token missing or wrong/);
      }
      expect(await status()).toBe('failed');
    });

    it('accepts the same action from the dashboard itself (same origin, with the page’s CSRF token), and a Bearer token from anywhere', async () => {
      const dashboard = await app.api.call('GET', '/admin', undefined, { cookie });
      const token = dashboard.text.match(/<meta name="csrf-token" content="([^"]+)">/)![1];
      const r = await retry({ cookie, 'sec-fetch-site': 'same-origin', origin: app.url, 'x-csrf-token': token });
      expect(r.status).toBe(200);
      await waitFor(async () => (await status()) === 'sent', 'the retried letter to be sent');
      await stack.db.query(`UPDATE deliveries SET status = 'failed' WHERE id = $1`, [failedLetter]);
      const bearer = await app.api.call('POST', `/api/admin/deliveries/${failedLetter}/retry`, undefined, {
        authorization: `Bearer ${app.admin.token}`,
        'sec-fetch-site': 'cross-site',
        origin: 'https://tools.example',
      });
      expect(bearer.status).toBe(200);
    });

    it('refuses the supporters’ form posted from another site, and signs nothing', async () => {
      const s = supporter(3);
      const r = await app.api.call('POST', `/c/${campaign.slug}`, new URLSearchParams({ ...s, stamp: 'x' }).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      });
      expect(r.status).toBe(403);
      expect(await stack.db.query(`SELECT 1 FROM supporters WHERE email = $1`, [s.email])).toEqual([]);
    });

    it('leaves the public JSON API open to partners’ pages (CORS), which carry no credentials', async () => {
      const s = supporter(4);
      const r = await app.api.call('POST', `/api/public/campaigns/${campaign.slug}/signatures`, s, { origin: PARTNER, 'sec-fetch-site': 'cross-site' });
      expect(r.status).toBe(202);
      expect(r.headers.get('access-control-allow-origin')).toBe(PARTNER);
      expect(r.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });

  describe('CORS', () => {
    const preflight = (path: string, origin: string) =>
      app.api.call('OPTIONS', path, undefined, { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });

    it('answers preflights for PUBLIC_CORS_ORIGINS on /api/public/* only', async () => {
      const ok = await preflight(`/api/public/campaigns/${campaign.slug}/signatures`, PARTNER);
      expect(ok.headers.get('access-control-allow-origin')).toBe(PARTNER);
      for (const [path, origin] of [
        [`/api/public/campaigns/${campaign.slug}/signatures`, 'https://evil.example'],
        ['/api/users', PARTNER],
        ['/api/auth/login', PARTNER],
        ['/api/admin/supporters/erase', PARTNER],
      ]) {
        expect([path, origin, (await preflight(path, origin)).headers.get('access-control-allow-origin')]).toEqual([path, origin, null]);
      }
    });
  });

  describe('errors', () => {
    it('never answers a stack trace or SQL, even for a 500', async () => {
      await stack.db.query(`ALTER TABLE campaigns RENAME TO campaigns_moved_away`);
      try {
        for (const path of [`/api/public/campaigns/${campaign.slug}`, `/c/${campaign.slug}`, `/api/campaigns/${campaign.id}`]) {
          const r = path.startsWith('/api/campaigns') ? await app.admin.get(path) : await app.api.get(path);
          expect([path, r.status]).toEqual([path, 500]);
          expect(r.json).toEqual({ statusCode: 500, message: 'Internal server error' });
          expect(r.text).not.toMatch(/campaigns_moved_away|relation|SELECT|node_modules|\bat\s/);
        }
      } finally {
        await stack.db.query(`ALTER TABLE campaigns_moved_away RENAME TO campaigns`);
      }
    });

    it('answers 404 for an unknown route without echoing more than the route', async () => {
      const r = await app.api.get('/api/nothing-here');
      expect(r.status).toBe(404);
      expect(r.text).not.toMatch(/node_modules|\bat\s/);
    });
  });

  describe('staff tokens', () => {
    it('expire after JWT_TTL_MINUTES, and so does the session cookie', async () => {
      const r = await app.api.post('/api/auth/login', ADMIN);
      const claims = JSON.parse(Buffer.from(r.json.accessToken.split('.')[1], 'base64url').toString());
      expect(claims.exp - claims.iat).toBe(app.config.jwtTtlMinutes * 60);
      const cookie = r.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toContain(`Max-Age=${app.config.jwtTtlMinutes * 60}`);
    });

    it("a campaigner's token opens no admin route", async () => {
      const { staff: campaigner } = await newCampaigner(app);
      expect((await campaigner.get('/api/admin/stats')).status).toBe(403);
    });
  });
});

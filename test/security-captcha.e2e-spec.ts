import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';

const SECRET = 'test-captcha-secret';
const SITE_KEY = '10000000-ffff-ffff-ffff-000000000001';

/**
 * A siteverify service of the test's own, speaking the protocol hCaptcha, Turnstile and
 * reCAPTCHA share: it vouches for "solved-…" tokens, refuses the others, and can be made to fail.
 */
class SiteVerifyServer {
  readonly requests: Record<string, string>[] = [];
  broken = false;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        this.requests.push({ method: req.method ?? '', contentType: req.headers['content-type'] ?? '', ...form });
        if (this.broken) return res.writeHead(503).end('down for maintenance');
        const answer =
          form.secret !== SECRET
            ? { success: false, 'error-codes': ['invalid-input-secret'] }
            : form.response?.startsWith('solved-')
              ? { success: true, hostname: '127.0.0.1' }
              : { success: false, 'error-codes': ['invalid-input-response'] };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/siteverify`;
    return this;
  }

  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

describe('CAPTCHA (CAPTCHA_PROVIDER=hcaptcha, against a siteverify server of the test)', () => {
  let verify: SiteVerifyServer;
  const { stack, app } = useStack({
    beforeApps: async () => {
      verify = await new SiteVerifyServer().start();
    },
    app: () => ({
      CAPTCHA_PROVIDER: 'hcaptcha',
      CAPTCHA_SITE_KEY: SITE_KEY,
      CAPTCHA_SECRET: SECRET,
      CAPTCHA_VERIFY_URL: verify.url,
      FORM_MIN_FILL_SECONDS: '0',
    }),
    afterApps: () => verify?.stop(),
  });
  let campaign: { id: string; slug: string };

  beforeAll(async () => {
    const [target] = await createTargets(app.admin, 1);
    campaign = await createLiveCampaign(app.admin, { targets: [target] });
  });
  beforeEach(() => {
    verify.requests.length = 0;
    verify.broken = false;
  });

  const signApi = (body: Record<string, unknown>) => app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, body);
  const signed = async (email: string) => (await stack.db.query(`SELECT 1 FROM supporters WHERE email = $1`, [email])).length === 1;

  describe('the JSON API', () => {
    it('refuses a signing without a token, naming the field, and asks the service nothing', async () => {
      const s = supporter(1);
      const r = await signApi(s);
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ statusCode: 400, message: ['captchaToken is required: solve the CAPTCHA'], error: 'Bad Request' });
      expect(await signed(s.email)).toBe(false);
      expect(verify.requests).toEqual([]);
    });

    it('refuses a token the service does not vouch for: no row, no email', async () => {
      const s = supporter(2);
      const r = await signApi({ ...s, captchaToken: 'made-up-token' });
      expect(r.status).toBe(400);
      expect(r.json.message).toEqual(['captchaToken was not accepted by the CAPTCHA check (solve it again)']);
      expect(await signed(s.email)).toBe(false);
      expect(await stack.db.query(`SELECT 1 FROM notifications`)).toEqual([]);
      // the shared siteverify protocol: a form POST with the secret, the token, the client address
      expect(verify.requests).toEqual([
        {
          method: 'POST',
          contentType: 'application/x-www-form-urlencoded',
          secret: SECRET,
          response: 'made-up-token',
          sitekey: SITE_KEY,
          remoteip: '127.0.0.1',
        },
      ]);
    });

    it('signs with a solved one', async () => {
      const s = supporter(3);
      expectStatus(await signApi({ ...s, captchaToken: `solved-${uniq()}` }), 202);
      expect(await signed(s.email)).toBe(true);
    });

    it('checks the fields first: invalid input is a 400 without spending the token', async () => {
      const r = await signApi({ ...supporter(4), country: 'XX', captchaToken: 'solved-x' });
      expect(r.status).toBe(400);
      expect(r.json.message).toEqual(['country must be an ISO 3166-1 alpha-2 country code such as "LB"']);
      expect(verify.requests).toEqual([]);
    });

    it('lets signings through while the service is down, rather than turn supporters away', async () => {
      verify.broken = true;
      const s = supporter(5);
      expectStatus(await signApi({ ...s, captchaToken: 'anything' }), 202);
      expect(await signed(s.email)).toBe(true);
      expect(verify.requests).toHaveLength(1);
      // a missing token is still refused: nothing to ask about
      expect((await signApi({ ...supporter(6) })).status).toBe(400);
    });
  });

  describe('the web form', () => {
    async function showForm() {
      const page = await app.api.get(`/c/${campaign.slug}`);
      const stamp = /name="stamp" value="([^"]+)"/.exec(page.text)![1];
      return { page, stamp };
    }
    const post = (fields: Record<string, string>, accept = 'text/html') =>
      app.api.call('POST', `/c/${campaign.slug}?lang=en`, new URLSearchParams(fields).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        accept,
      });

    it('shows the widget in the form, and lets the page load it (CSP) while no other page may', async () => {
      const { page } = await showForm();
      expect(page.text).toContain(`<div id="captcha" class="h-captcha" data-sitekey="${SITE_KEY}" data-language="en"></div>`);
      expect(page.text).toContain('<script src="https://js.hcaptcha.com/1/api.js?hl=en" async defer></script>');
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self' https://hcaptcha.com https://*.hcaptcha.com");
      expect(csp).toContain('frame-src https://hcaptcha.com https://*.hcaptcha.com');
      expect((await app.api.get('/console/login')).headers.get('content-security-policy')).not.toContain('hcaptcha');
      // in Arabic, the widget speaks Arabic
      expect((await app.api.get(`/c/${campaign.slug}?lang=ar`)).text).toContain('api.js?hl=ar');
    });

    it('without JavaScript: an unsolved check comes back as the form with the error, what was typed kept', async () => {
      const { stamp } = await showForm();
      const s = supporter(7);
      const r = await post({ ...s, stamp });
      expect(r.status).toBe(400);
      expect(r.text).toContain('<li><a href="#captcha">Complete the check that you are not a robot, then send the form again.</a></li>');
      expect(r.text).toContain('id="captcha-error"');
      expect(r.text).toContain(`value="${s.email}"`);
      expect(await signed(s.email)).toBe(false);
    });

    it('with JavaScript: a refused token is a 400 naming the captcha field, for the script to show beside the widget', async () => {
      const { stamp } = await showForm();
      const s = supporter(8);
      const r = await post({ ...s, stamp, 'h-captcha-response': 'made-up' }, 'application/json');
      expect(r.status).toBe(400);
      expect(r.json.errors).toEqual({ captcha: 'Complete the check that you are not a robot, then send the form again.' });
      expect(await signed(s.email)).toBe(false);
      expect(verify.requests.map((q) => q.response)).toEqual(['made-up']);
    });

    it('signs with the widget’s solved token', async () => {
      const { stamp } = await showForm();
      const s = supporter(9);
      const r = await post({ ...s, stamp, 'h-captcha-response': `solved-${uniq()}` });
      expect(r.status).toBe(303);
      expect(await signed(s.email)).toBe(true);
    });

    it('a bot caught by the honeypot is answered like a success before any CAPTCHA is asked', async () => {
      const { stamp } = await showForm();
      const s = supporter(10);
      const r = await post({ ...s, stamp, website: 'http://spam.example' });
      expect(r.status).toBe(303);
      expect(await signed(s.email)).toBe(false);
      expect(verify.requests).toEqual([]);
    });
  });
});

describe('CAPTCHA off (the default)', () => {
  const { app } = useStack();

  it('asks nothing: no widget, no token needed', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    expect((await app.api.get(`/c/${campaign.slug}`)).text).not.toContain('captcha');
    expectStatus(await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, supporter(1)), 202);
  });
});

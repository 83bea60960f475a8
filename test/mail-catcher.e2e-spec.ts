import { createTransport } from 'nodemailer';
import { MailTransport } from '../src/mail/mail-transport.js';
import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, supporter, uniq } from './helpers/fixtures.js';
import { freePort, ADMIN } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

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

/**
 * The development mail catcher (SMTP_URL unset) as a developer uses it: what it caught shown as a
 * mail client would (decoded headers, clickable links, the HTML part sandboxed), and addresses
 * matching CATCHER_REFUSE refused like a mailbox that does not exist.
 */
describe('the development mail catcher', () => {
  let catcherPort: number;
  const { stack, app: dev } = useStack({
    beforeApps: async (s) => {
      // no SMTP_URL: the app runs its own catcher, and no email may reach the stack's test SMTP server
      delete s.env.SMTP_URL;
      catcherPort = await freePort();
    },
    app: () => ({ MAIL_CATCHER_PORT: String(catcherPort), CATCHER_REFUSE: '^refuse\\+' }),
    // close the app's pooled SMTP connections first, or the catcher waits for them to hang up
    stopFirst: (): unknown => dev.app?.get(MailTransport).onApplicationShutdown(),
  });
  let cookie: string;

  beforeAll(async () => {
    cookie = await sessionCookie(dev.url, ADMIN.email, ADMIN.password);
  });

  const get = async (path: string) => {
    const res = await fetch(`${dev.url}${path}`, { headers: { cookie }, redirect: 'manual' });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  /** a client other than the app, as a developer's script would send through the catcher */
  const sendToCatcher = (message: Record<string, unknown>) =>
    createTransport({ host: '127.0.0.1', port: catcherPort, secure: false, ignoreTLS: true }).sendMail({ from: 'dev@localhost', ...message });

  it('shows a Cyrillic subject decoded, links the text part’s URLs and shows the HTML part sandboxed', async () => {
    const to = `reader.${uniq()}@supporters.example`;
    const sent = await sendToCatcher({
      to,
      subject: 'Подтвердите подпись: Остановите штурм Хомса',
      text: 'Подтвердите: http://127.0.0.1:3000/confirm/abc_DEF-123.\nСпасибо!',
      html: '<p style="color: #a00">Подтвердите <a href="http://127.0.0.1:3000/confirm/abc_DEF-123">подпись</a></p><script>parent.document.title = "owned"</script><img src="https://tracker.example/pixel.gif" alt="">',
    });
    // on the wire the subject is an RFC 2047 encoded word, as every mail library sends it
    const [row] = await waitFor(async () => {
      const rows = await stack.db.query<{ id: string; raw: string }>(`SELECT id, raw FROM caught_mail WHERE $1 = ANY (envelope_to)`, [to]);
      return rows.length ? rows : null;
    }, 'the message to be caught');
    expect(sent.accepted).toEqual([to]);
    expect(row.raw).toMatch(/^Subject: =\?UTF-8\?B\?/m);

    const list = await get('/admin/mail');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`<a href="/admin/mail/${row.id}">Подтвердите подпись: Остановите штурм Хомса</a>`);
    expect(list.text).not.toContain('=?UTF-8?');

    const page = await get(`/admin/mail/${row.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Подтвердите подпись: Остановите штурм Хомса</h1>');
    expect(page.text).toMatch(/<th scope="row">Subject<\/th><td>Подтвердите подпись: Остановите штурм Хомса<\/td>/i);
    expect(page.text).toContain(
      '<a href="http://127.0.0.1:3000/confirm/abc_DEF-123" rel="noreferrer noopener" target="_blank">http://127.0.0.1:3000/confirm/abc_DEF-123</a>.',
    );
    expect(page.text).toContain(`<iframe class="mail-html" sandbox src="/admin/mail/${row.id}/html"`);
    // the page may frame its own site, and still runs no inline script
    expect(page.headers.get('content-security-policy')).toContain("frame-src 'self'");
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    const part = await get(`/admin/mail/${row.id}/html`);
    expect(part.status).toBe(200);
    expect(part.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(part.text).toContain('подпись</a>');
    // the message's own script and remote image are there, and the policy forbids both
    const csp = part.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining(["default-src 'none'", 'img-src data:', "style-src 'unsafe-inline'", "frame-ancestors 'self'", 'sandbox']),
    );
    expect(csp).not.toContain('script-src');
    expect(part.headers.get('x-frame-options')).toBe('SAMEORIGIN');

    // a message without HTML has no frame, and its HTML route says so
    const plainTo = `plain.${uniq()}@supporters.example`;
    await sendToCatcher({ to: plainTo, subject: 'plain', text: 'no html here' });
    const [plain] = await waitFor(async () => {
      const rows = await stack.db.query<{ id: string }>(`SELECT id FROM caught_mail WHERE $1 = ANY (envelope_to)`, [plainTo]);
      return rows.length ? rows : null;
    }, 'the plain message to be caught');
    expect((await get(`/admin/mail/${plain.id}`)).text).not.toContain('<iframe');
    expect((await get(`/admin/mail/${plain.id}/html`)).status).toBe(404);
    expect((await fetch(`${dev.url}/admin/mail/${row.id}/html`, { redirect: 'manual' })).status).toBe(302);
  });

  it('refuses a recipient matching CATCHER_REFUSE at RCPT with 550 5.1.1, and the app fails that letter only', async () => {
    const refused = `refuse+${uniq()}@supporters.example`;
    await expect(sendToCatcher({ to: refused, subject: 'x', text: 'x' })).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(/^550 5\.1\.1 /),
    });

    // the same through the app: a campaign writing to one refused and one accepted official
    const tag = uniq();
    const make = async (email: string) => expectStatus(await dev.admin.createTarget({ name: `Official ${email}`, email }), 201);
    const gone = await make(`REFUSE+minister.${tag}@officials.example`);
    const there = await make(`minister.${tag}@officials.example`);
    const campaign = await createLiveCampaign(dev.admin, { targets: [gone, there] });
    const s = supporter(1);
    expectStatus(await dev.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s), 202);
    const [confirmation] = await waitFor(async () => {
      const rows = await stack.db.query<{ raw: string }>(`SELECT raw FROM caught_mail WHERE $1 = ANY (envelope_to)`, [s.email]);
      return rows.length ? rows : null;
    }, 'the confirmation email in the catcher');
    const token = /\/confirm\/([A-Za-z0-9_-]{43})/.exec(confirmation.raw.replace(/=\r?\n/g, ''))?.[1];
    expectStatus(await dev.api.post('/api/public/signatures/confirm', { token }), 200);

    const { groups } = await waitFor(async () => {
      const r = expectStatus(await dev.admin.get(`/api/admin/deliveries/failures?campaignId=${campaign.id}`), 200);
      return r.groups.length ? r : null;
    }, 'the refused letter among the failures');
    expect(groups).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^550 5\.1\.1 .*User unknown/), failed: 1 })]);
    await waitFor(async () => {
      const rows = await stack.db.query(`SELECT 1 FROM caught_mail WHERE $1 = ANY (envelope_to)`, [there.email]);
      return rows.length ? rows : null;
    }, 'the other letter caught');
    expect(stack.smtp.received).toHaveLength(0);
  });
});

import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import { spawnServer, type ServerProcess } from './helpers/processes.js';
import { ADMIN } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * An SMTP server that refuses some recipients the way real ones do, quoting the address in its
 * answer ("550 5.1.1 <x@y>: Recipient address rejected"): the answer Appeals logs.
 */
class QuotingSmtpServer {
  readonly received: { rcptTo: string[]; text: string }[] = [];
  private server!: SMTPServer;
  url = '';

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) =>
        /^refused\./.test(address.address)
          ? callback(
              Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown in virtual mailbox table`), { responseCode: 550 }),
            )
          : callback(),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const parsed = await simpleParser(Buffer.concat(chunks));
          this.received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), text: parsed.text ?? '' });
          callback();
        });
      },
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  waitFor(email: string) {
    return waitFor(() => this.received.find((m) => m.rcptTo.includes(email)), `mail to ${email}`);
  }

  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

/**
 * The logs of a whole run (the built server, `node dist/main.js`, API and workers, at
 * LOG_LEVEL=debug so every request is logged) hold no supporter's email address or name:
 * signing by API and form, confirming, withdrawing, a refused address, validation errors, a
 * paused campaign, an export and an erasure by email, and a 500.
 */
describe('logs of a full run', () => {
  let smtp: QuotingSmtpServer;
  let server: ServerProcess;
  const { stack } = useStack({
    app: false,
    stopFirst: async () => {
      await server?.stop();
      await smtp?.stop();
    },
  });
  let log = '';
  const tag = uniq();
  const people = {
    api: { ...supporter(1, tag), lastName: `Apilast${tag}` },
    form: { ...supporter(2, tag), lastName: `Formlast${tag}` },
    refused: { ...supporter(3, tag), email: `refused.${tag}@supporters.example`, lastName: `Refusedlast${tag}` },
    invalid: { ...supporter(4, tag), lastName: `Invalidlast${tag}` },
    paused: { ...supporter(5, tag), lastName: `Pausedlast${tag}` },
    failing: { ...supporter(6, tag), lastName: `Failinglast${tag}` },
  };

  beforeAll(async () => {
    smtp = await new QuotingSmtpServer().start();
    server = await spawnServer({ ...stack.env, SMTP_URL: smtp.url, LOG_LEVEL: 'debug', FORM_MIN_FILL_SECONDS: '0' }, 'all');
    const api = new ApiClient(server.url!);
    const admin = await api.login(ADMIN.email, ADMIN.password);
    const [target] = await createTargets(admin, 1);
    const campaign = await createLiveCampaign(admin, { targets: [target] });
    const paused = await createLiveCampaign(admin, { targets: [target] });
    expectStatus(await admin.post(`/api/campaigns/${paused.id}/pause`), 200);
    const sign = (slug: string, s: object) => api.post(`/api/public/campaigns/${slug}/signatures`, s);
    const token = async (email: string, kind: 'confirm' | 'withdraw') => {
      const mail = await smtp.waitFor(email);
      return new RegExp(`/${kind}/([A-Za-z0-9_-]+)`).exec(mail.text)![1];
    };

    // signing by API, confirming: a letter and a thank-you
    expectStatus(await sign(campaign.slug, people.api), 202);
    expectStatus(await api.post('/api/public/signatures/confirm', { token: await token(people.api.email, 'confirm') }), 200);
    // each letter is sent before its supporter withdraws or is erased (which would cancel it)
    const lettersSent = (n: number) => async () =>
      (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id])).length === n;
    await waitFor(lettersSent(1), 'the first letter to be sent');
    // signing by the form, confirming by the page, withdrawing by the page
    const page = await api.get(`/c/${campaign.slug}`);
    const stamp = /name="stamp" value="([^"]+)"/.exec(page.text)![1];
    const posted = await api.call('POST', `/c/${campaign.slug}`, new URLSearchParams({ ...people.form, stamp }).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(posted.status).toBe(303);
    expect((await api.get(`/confirm/${await token(people.form.email, 'confirm')}`)).status).toBe(200);
    await waitFor(lettersSent(2), 'the second letter to be sent');
    const withdraw = await token(people.form.email, 'withdraw');
    expect((await api.call('POST', `/withdraw/${withdraw}`, '', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(200);
    // an address the mail server refuses, quoting it
    expectStatus(await sign(campaign.slug, people.refused), 202);
    // a form with a mistake, a paused campaign, a conflict
    expect((await sign(campaign.slug, { ...people.invalid, country: 'XX' })).status).toBe(400);
    expect(
      (
        await api.call('POST', `/c/${campaign.slug}`, new URLSearchParams({ ...people.invalid, stamp, comment: 'x'.repeat(1001) }).toString(), {
          'content-type': 'application/x-www-form-urlencoded',
        })
      ).status,
    ).toBe(400);
    expect((await sign(paused.slug, people.paused)).status).toBe(409);
    // data-subject requests by email
    expectStatus(await admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(people.api.email)}`), 200);
    expectStatus(await admin.post('/api/admin/supporters/erase', { email: people.api.email }), 200);
    expect((await admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(people.api.email)}`)).status).toBe(404);
    expect((await admin.post('/api/admin/supporters/erase', { email: people.paused.email })).status).toBe(404);
    // a 500 in the middle of a signing (its SQL carries the address as a parameter)
    await stack.db.query(`ALTER TABLE supporters RENAME TO supporters_away`);
    try {
      expect((await sign(campaign.slug, people.failing)).status).toBe(500);
    } finally {
      await stack.db.query(`ALTER TABLE supporters_away RENAME TO supporters`);
    }

    // everything owed is done: the letter sent, the refused confirmation failed for good
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM notifications WHERE status IN ('queued', 'sending', 'retrying')`)).length === 0,
      'the outbox to drain',
      { timeout: 30_000 },
    );
    await waitFor(async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE status <> 'sent'`)).length === 0, 'the letters to be sent');
    expect(await server.stop()).toBe(0);
    log = server.log;
  }, 120_000);

  it('were written (every request, at debug level), and the refused address was logged: scrubbed', () => {
    expect(log).toContain('"url":"/api/public/campaigns/');
    expect(log).toContain('"url":"/api/admin/supporters/export?email=[redacted]"');
    expect(log).toContain('Recipient address rejected');
    expect(log).toMatch(/<address>>?: Recipient address rejected/);
  });

  it.each(Object.keys(people))('hold no trace of the %s supporter: neither the address nor the name', (who) => {
    const p = people[who as keyof typeof people];
    const [local] = p.email.split('@');
    expect(log).not.toContain(p.email);
    expect(log).not.toContain(local);
    expect(log).not.toContain(p.lastName);
  });

  it('hold no supporter address at all, nor the JWT secret', () => {
    expect(log.match(/[^\s"'<>]+@supporters\.example/g)).toBeNull();
    expect(log).not.toContain(stack.env.JWT_SECRET);
  });
});

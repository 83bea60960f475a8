import { createServer, type Server } from 'node:net';
import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import { TestSmtpServer } from './helpers/smtp-server.js';
import { freePort, startApp, type RunningApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { makeTestCertificates, type TestCertificates } from './helpers/test-ca.js';
import { waitFor } from './helpers/wait.js';

/**
 * What a real relay brings (found against a Debian postfix): a STARTTLS certificate from a private
 * CA, trusted through SMTP_CA_FILE with verification kept on; and outages, during which supporter
 * emails wait as letters do, spending no attempt.
 */
describe('the relay: a private-CA STARTTLS certificate (SMTP_CA_FILE)', () => {
  let certs: TestCertificates;
  let relay: TestSmtpServer;
  // each test starts the app it needs
  let app: RunningApp | undefined;
  const { stack } = useStack({
    app: false,
    beforeApps: async () => {
      certs = makeTestCertificates();
      // the relay offers STARTTLS with a certificate that only our test CA vouches for
      relay = await new TestSmtpServer({}, { tls: { key: certs.key, cert: certs.cert } }).start();
    },
    stopFirst: () => app?.stop(),
    afterApps: async () => {
      await relay?.stop();
      certs?.remove();
    },
  });

  it('without SMTP_CA_FILE the certificate does not verify: letters are held (no attempt spent, nothing sent); with it they go, over TLS', async () => {
    app = await startApp(stack, { SMTP_URL: relay.url, SMTP_OUTAGE_MAX_PAUSE_MS: '500' });
    const targets = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets, body: { requireConfirmation: false } });
    const tag = uniq();
    for (const i of [0, 1]) expectStatus(await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, supporter(i, tag)), 202);
    const letters = () =>
      stack.db.query<{ id: string; status: string; attempts: number }>(`SELECT id, status, attempts FROM deliveries WHERE campaign_id = $1`, [campaign.id]);

    // tried, refused by our own TLS check (not by the server): the letters wait, as when no server answers
    const tried = await waitFor(
      () =>
        stack.db.query<{ response: string }>(
          `SELECT a.response FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.campaign_id = $1 AND a.outcome = 'unreachable'`,
          [campaign.id],
        ),
      'an attempt that found no trusted server',
    );
    expect(tried[0].response).toMatch(/certificate/i);
    expect((await letters()).every((d) => ['queued', 'sending'].includes(d.status) && d.attempts <= 1)).toBe(true);
    expect(relay.received).toEqual([]);
    await app.stop();
    app = undefined;
    expect((await letters()).every((d) => d.status === 'queued' && d.attempts === 0)).toBe(true);

    // the same relay, its CA trusted: the reconciler hands the waiting letters to the queue again
    app = await startApp(stack, { SMTP_URL: relay.url, SMTP_CA_FILE: certs.caFile });
    const got = await relay.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug, 2);
    expect(got.every((m) => m.secure)).toBe(true);
    await waitFor(async () => (await letters()).every((d) => d.status === 'sent' && d.attempts === 1), 'both letters sent, each on its first counted attempt');
  }, 60_000);
});

/**
 * A relay that answers nothing: it takes each connection and drops it before the greeting (a
 * relay restarting, a firewall). Counts the connections.
 */
class DeadRelay {
  connections = 0;
  private server!: Server;

  async start(port: number): Promise<this> {
    this.server = createServer((socket) => {
      this.connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
    return this;
  }

  /** Stops listening (again: a no-op). */
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('supporter emails while no SMTP server answers', () => {
  let port: number;
  let dead: DeadRelay;
  const { stack, app } = useStack({
    beforeApps: async () => {
      port = await freePort();
      dead = await new DeadRelay().start(port);
    },
    // two attempts at most: a confirmation email that spent its attempts on the outage would fail within a second
    app: () => ({ SMTP_URL: `smtp://127.0.0.1:${port}`, DELIVERY_MAX_ATTEMPTS: '2', SMTP_OUTAGE_MAX_PAUSE_MS: '300' }),
    afterApps: () => dead?.stop(),
  });

  it('wait without spending their attempts, as letters do, and go once the server is back', async () => {
    // the campaign is made while the relay is down (creating it sends nothing)
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    const s = supporter(1);
    expectStatus(await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s), 202);
    const email = () =>
      stack.db.query<{ status: string; attempts: number; last_error: string | null }>(
        `SELECT n.status, n.attempts, n.last_error FROM notifications n JOIN signatures g ON g.id = n.signature_id
          WHERE g.campaign_id = $1 AND n.kind = 'confirm_signature'`,
        [campaign.id],
      );

    // tried again and again, more often than two attempts would allow: each try is at most six
    // connections (nodemailer's pool tries a dropped connection again five times), so two attempts
    // make at most 12
    await waitFor(() => dead.connections > 12, 'a third try at the dead relay', { timeout: 30_000 });
    const [waiting] = await email();
    expect(['queued', 'sending']).toContain(waiting.status);
    expect(waiting.attempts).toBeLessThanOrEqual(1);
    expect(waiting.last_error).not.toBeNull();

    // the relay is back on the same port: the email goes, on its first counted attempt
    await dead.stop();
    const relay = await new TestSmtpServer().start(port);
    try {
      const [mail] = await relay.waitFor((m) => m.rcptTo.includes(s.email), 1, 30_000);
      expect(mail.text).toContain('/confirm/');
      await waitFor(async () => (await email())[0].status === 'sent', 'the email recorded as sent');
      expect((await email())[0]).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    } finally {
      await relay.stop();
    }
  }, 90_000);
});

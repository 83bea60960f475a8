import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createConnection } from 'node:net';
import { BounceListener } from '../src/bounces/bounce-listener.js';
import { Reconciler } from '../src/maintenance/reconciler.js';
import { QUEUES } from '../src/queue/queues.js';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { dsnFixture, sendOverSmtp } from './helpers/dsn.js';
import { createLiveCampaign, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { freePort, startApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const DOMAIN = 'campaigns.example';

/**
 * Bounces: real delivery status notifications (a Postfix 5.1.1, a Postfix 4.2.2 delay, an
 * Exchange 5.1.10 whose envelope lost the bounces+ID tag, a malformed report, an auto-reply) fed
 * over SMTP to the listener of a running app, and what they do to the letters and their target.
 */
describe('bounces: the DSN listener, bounced letters and failing addresses', () => {
  let port: number;
  const { stack, app } = useStack({
    beforeApps: async () => {
      port = await freePort();
    },
    app: () => ({ BOUNCE_SMTP_PORT: String(port), BOUNCE_HARD_LIMIT: '2', HOST: '127.0.0.1' }),
  });
  let staff: ApiClient;
  let staffEmail: string;
  let campaign: { id: string; slug: string };
  let failing: { id: string; email: string };
  let healthy: { id: string; email: string };
  /** the letters to the soon-failing target, one per supporter */
  const letterTo: Record<string, string> = {};

  const send = (fixture: string, deliveryId: string, to = `bounces+${deliveryId}@${DOMAIN}`) =>
    sendOverSmtp(port, to, dsnFixture(fixture, { deliveryId, targetEmail: failing.email, mailDomain: DOMAIN }));
  const delivery = async (id: string) => (await stack.db.query(`SELECT status, last_error, attempts FROM deliveries WHERE id = $1`, [id]))[0];
  const history = async (id: string) => expectStatus(await app.admin.getDelivery(id), 200).history;
  const target = async (id: string) => expectStatus(await staff.get(`/api/targets/${id}`), 200);

  beforeAll(async () => {
    ({ email: staffEmail, staff } = await newCampaigner(app));
    const tag = uniq();
    failing = expectStatus(
      await staff.post('/api/targets', {
        name: 'Sergei Lavrov',
        title: 'Minister of Foreign Affairs',
        organization: 'Russian Federation',
        email: `lavrov.${tag}@mid-ru.example`,
      }),
      201,
    );
    healthy = expectStatus(
      await staff.post('/api/targets', {
        name: 'Nabil Elaraby',
        title: 'Secretary-General',
        organization: 'League of Arab States',
        email: `elaraby.${tag}@arab-league.example`,
      }),
      201,
    );
    campaign = await createLiveCampaign(staff, { targets: [failing, healthy] });
    for (const name of ['hard', 'soft', 'fallback']) {
      const s = supporter(Object.keys(letterTo).length);
      await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
      await stack.smtp.waitFor(
        (m) => m.headers['x-appeal-campaign'] === campaign.slug && m.headers['reply-to'] === s.email && m.rcptTo.includes(failing.email),
      );
      const [row] = await stack.db.query(
        `SELECT d.id FROM deliveries d JOIN signatures g ON g.id = d.signature_id JOIN supporters p ON p.id = g.supporter_id
          WHERE d.target_id = $1 AND p.email = $2`,
        [failing.id, s.email],
      );
      letterTo[name] = row.id;
    }
    await waitFor(async () => {
      const rows = await stack.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id]);
      return rows[0].n === 6;
    }, 'the six letters sent');
  });

  it('a 5.1.1 hard bounce marks the letter bounced, with the status code and diagnostic, in its history too', async () => {
    const reply = await send('postfix-5.1.1-user-unknown.eml', letterTo.hard);
    expect(reply).toMatch(/^250 /);
    const d = await delivery(letterTo.hard);
    expect(d.status).toBe('bounced');
    expect(d.last_error).toBe(
      `bounce 5.1.1 smtp; 550 5.1.1 <${failing.email}>: Recipient address rejected: User unknown in virtual mailbox table (reported by mx1.mid-ru.example)`,
    );
    const h = await history(letterTo.hard);
    expect(h.map((a) => a.outcome)).toEqual(['sent', 'bounced']);
    expect(h[1].response).toContain('5.1.1 smtp; 550 5.1.1');
    // one hard bounce is below BOUNCE_HARD_LIMIT (2): counted, not failing
    expect(await target(failing.id)).toMatchObject({ hardBounces: 1, failingSince: null, lastBounceReason: expect.stringContaining('5.1.1') });
    // the admin figures count it
    const stats = expectStatus(await app.admin.get('/api/admin/stats'), 200);
    expect(stats.campaigns.find((c: { id: string }) => c.id === campaign.id).deliveries).toMatchObject({ sent: 5, bounced: 1 });
  });

  it('the same report twice counts once', async () => {
    expect(await send('postfix-5.1.1-user-unknown.eml', letterTo.hard)).toMatch(/^250 /);
    expect((await delivery(letterTo.hard)).status).toBe('bounced');
    expect((await target(failing.id)).hardBounces).toBe(1);
  });

  it('a 4.2.2 soft bounce (mailbox full, still being retried) is recorded, and the letter stays sent', async () => {
    expect(await send('postfix-4.2.2-mailbox-full-delayed.eml', letterTo.soft)).toMatch(/^250 /);
    expect((await delivery(letterTo.soft)).status).toBe('sent');
    const h = await history(letterTo.soft);
    expect(h.map((a) => a.outcome)).toEqual(['sent', 'soft_bounce']);
    expect(h[1].response).toBe(`4.2.2 smtp; 452 4.2.2 <${failing.email}>: Mailbox full (reported by relay.appeals-relay.example)`);
    expect((await target(failing.id)).hardBounces).toBe(1);
  });

  it('a malformed report and an auto-reply are accepted and ignored, and the listener carries on', async () => {
    const before = await stack.db.query(`SELECT id, status, last_error FROM deliveries WHERE campaign_id = $1 ORDER BY id`, [campaign.id]);
    const attempts = await stack.db.query(`SELECT count(*)::int AS n FROM delivery_attempts`);
    expect(await send('malformed-report.eml', letterTo.fallback)).toMatch(/^250 /);
    expect(await send('auto-reply-out-of-office.eml', letterTo.fallback)).toMatch(/^250 /);
    expect(await sendOverSmtp(port, `bounces+${letterTo.fallback}@${DOMAIN}`, Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10, 0x41]))).toMatch(/^250 /);
    expect(await stack.db.query(`SELECT id, status, last_error FROM deliveries WHERE campaign_id = $1 ORDER BY id`, [campaign.id])).toEqual(before);
    expect(await stack.db.query(`SELECT count(*)::int AS n FROM delivery_attempts`)).toEqual(attempts);
    expect((await target(failing.id)).hardBounces).toBe(1);
  });

  it('refuses mail for anyone but bounces@ and bounces+…@ the mail domain, in plain ASCII (relays copy the reply into their reports)', async () => {
    await expect(sendOverSmtp(port, `postmaster@${DOMAIN}`, 'Subject: hello\r\n\r\nhi\r\n')).rejects.toMatchObject({
      responseCode: 550,
      response: `550 5.1.1 <postmaster@${DOMAIN}>: this server takes only delivery status notifications for bounces+ID@${DOMAIN}`,
    });
    await expect(sendOverSmtp(port, `bounces@elsewhere.example`, 'Subject: hello\r\n\r\nhi\r\n')).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(/^[\x20-\x7e]+$/),
    });
  });

  it('at BOUNCE_HARD_LIMIT hard bounces the address is failing (a 5.1.10 found by its returned Message-ID), audited as the system', async () => {
    // Exchange's report, to the untagged bounces@ address: the letter is found by the returned Message-ID
    expect(await send('exchange-5.1.10-recipient-not-found.eml', letterTo.fallback, `bounces@${DOMAIN}`)).toMatch(/^250 /);
    expect(await delivery(letterTo.fallback)).toMatchObject({
      status: 'bounced',
      last_error: expect.stringContaining('5.1.10 smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound'),
    });
    const t = await target(failing.id);
    expect(t).toMatchObject({ hardBounces: 2, failingSince: expect.any(String) });
    const audit = expectStatus(await app.admin.get(`/api/admin/audit?action=target.failing&subjectId=${failing.id}`), 200).items;
    expect(audit).toEqual([
      expect.objectContaining({
        actorEmail: null,
        action: 'target.failing',
        details: expect.objectContaining({ hardBounces: 2, limit: 2, deliveryId: letterTo.fallback }),
      }),
    ]);
    // campaigners see it: the directory (filtered too), the campaign's targets, the list of failing targets
    expect(expectStatus(await staff.get('/api/targets?failing=true'), 200).items.map((x: { id: string }) => x.id)).toEqual([failing.id]);
    expect(expectStatus(await staff.get('/api/targets?failing=false'), 200).items.map((x: { id: string }) => x.id)).toContain(healthy.id);
    const inCampaign = expectStatus(await staff.get(`/api/campaigns/${campaign.id}`), 200).targets;
    expect(inCampaign.find((x: { id: string }) => x.id === failing.id).failingSince).toBe(t.failingSince);
    expect(inCampaign.find((x: { id: string }) => x.id === healthy.id).failingSince).toBeNull();
    expect(expectStatus(await staff.get('/api/targets/failing'), 200).items).toEqual([
      expect.objectContaining({
        id: failing.id,
        email: failing.email,
        hardBounces: 2,
        heldLetters: 0,
        campaigns: 0,
        lastBounceReason: expect.stringContaining('5.1.10'),
      }),
    ]);
  });

  it('letters owed to a failing address are held (neither sent nor cancelled), the reconciler leaves them be, and clearing sends them', async () => {
    const s = supporter(9);
    await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
    // the healthy target gets its letter; the failing one's is looked at by a worker and held
    await stack.smtp.waitFor((m) => m.headers['reply-to'] === s.email && m.rcptTo.includes(healthy.email));
    const [held] = await stack.db.query(
      `SELECT d.id FROM deliveries d JOIN signatures g ON g.id = d.signature_id JOIN supporters p ON p.id = g.supporter_id WHERE d.target_id = $1 AND p.email = $2`,
      [failing.id, s.email],
    );
    const letters = app.app.get<Queue>(getQueueToken(QUEUES.letters));
    await waitFor(async () => (await letters.getJob(held.id))?.returnvalue === 'held', 'a worker to hold the letter');
    expect(await delivery(held.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(stack.smtp.received.filter((m) => m.rcptTo.includes(failing.email) && m.headers['reply-to'] === s.email)).toEqual([]);

    // once the letter is older than a reconcile interval, the reconciler would requeue an owed letter: not this one
    await waitFor(
      async () => (await stack.db.query(`SELECT now() - updated_at > interval '1.5 seconds' AS old FROM deliveries WHERE id = $1`, [held.id]))[0].old,
      'the held letter to age',
    );
    expect((await app.app.get(Reconciler).run()).requeued).toBe(0);
    expect(expectStatus(await staff.get('/api/targets/failing'), 200).items[0]).toMatchObject({ id: failing.id, heldLetters: 1, campaigns: 1 });
    const forecast = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/forecast`), 200);
    expect(forecast.targets.find((x: { targetId: string }) => x.targetId === failing.id)).toMatchObject({
      backlog: 1,
      basis: 'held',
      heldBecause: expect.stringContaining('failing'),
      projectedDrainAt: null,
    });

    const cleared = expectStatus(await staff.post(`/api/targets/${failing.id}/clear-failing`), 200);
    expect(cleared).toMatchObject({ id: failing.id, failingSince: null, hardBounces: 0, released: 1 });
    const [letter] = await stack.smtp.waitFor((m) => m.rcptTo.includes(failing.email) && m.headers['reply-to'] === s.email);
    expect(letter.headers['x-appeal-delivery']).toBe(held.id);
    await waitFor(async () => (await delivery(held.id)).status === 'sent', 'the released letter sent');
    const audit = expectStatus(await app.admin.get(`/api/admin/audit?action=target.clear-failing&subjectId=${failing.id}`), 200).items;
    expect(audit).toEqual([expect.objectContaining({ actorEmail: staffEmail, details: expect.objectContaining({ hardBounces: 2 }) })]);
    expect(expectStatus(await staff.get('/api/targets/failing'), 200).items).toEqual([]);
  });

  it('clearing answers 404 for an unknown target and 400 for a bad id; a bounce for an unknown letter changes nothing', async () => {
    expect((await staff.post('/api/targets/00000000-0000-4000-8000-000000000000/clear-failing')).status).toBe(404);
    expect((await staff.post('/api/targets/nope/clear-failing')).status).toBe(400);
    const unknown = '00000000-0000-4000-8000-0000000000aa';
    expect(await send('postfix-5.1.1-user-unknown.eml', unknown)).toMatch(/^250 /);
    expect((await target(failing.id)).hardBounces).toBe(0);
  });

  it('Postfix giving up after its queue lifetime (Action: failed, Status: 4.4.1) is a hard bounce: the letter is bounced and taken off the receipt', async () => {
    // a letter to the other official, accepted by the relay, which then could not reach the official's server for days
    const [letter] = await stack.db.query(`SELECT id FROM deliveries WHERE target_id = $1 AND status = 'sent' ORDER BY sent_at LIMIT 1`, [healthy.id]);
    const receipt = async () => expectStatus(await staff.get(`/api/campaigns/${campaign.id}/targets/${healthy.id}/receipt`), 200);
    const before = await receipt();
    expect(before.items.find((l: { deliveryId: string }) => l.deliveryId === letter.id)).toMatchObject({ status: 'sent' });

    const report = dsnFixture('postfix-4.4.1-failed-queue-expired.eml', { deliveryId: letter.id, targetEmail: healthy.email, mailDomain: DOMAIN });
    expect(await sendOverSmtp(port, `bounces+${letter.id}@${DOMAIN}`, report)).toMatch(/^250 /);
    expect(await delivery(letter.id)).toMatchObject({
      status: 'bounced',
      last_error: `bounce 4.4.1 X-Postfix; connect to mx.arab-league.example[203.0.113.40]:25: Connection timed out (reported by relay.appeals-relay.example)`,
    });
    expect((await history(letter.id)).map((a) => a.outcome)).toEqual(['sent', 'bounced']);
    expect(await target(healthy.id)).toMatchObject({ hardBounces: 1, lastBounceReason: expect.stringContaining('4.4.1') });

    // the proof of delivery no longer lists it; its totals count it as bounced
    const after = await receipt();
    expect(after.items.map((l: { deliveryId: string }) => l.deliveryId)).not.toContain(letter.id);
    expect(after.items).toHaveLength(before.items.length - 1);
    expect(after.totals).toMatchObject({ sent: before.totals.sent - 1, bounced: before.totals.bounced + 1 });
  });

  it('documents the failing-target routes in OpenAPI, with examples', async () => {
    const doc = expectStatus(await app.api.get('/api/docs/openapi.json'), 200);
    expect(Object.keys(doc.paths['/api/targets/failing'].get.responses)).toEqual(expect.arrayContaining(['200', '401', '403']));
    expect(Object.keys(doc.paths['/api/targets/{id}/clear-failing'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    for (const name of ['FailingTargetView', 'ClearedTargetView', 'TargetView']) {
      const missing = Object.entries<Record<string, unknown>>(doc.components.schemas[name].properties ?? {})
        .filter(([, p]) => p.example === undefined && !p.$ref && !p.allOf && !(p.items as { $ref?: string } | undefined)?.$ref)
        .map(([f]) => f);
      expect([name, missing]).toEqual([name, []]);
    }
  });

  it('only worker processes listen: an API process does not; a second worker on the host leaves the port to the first', async () => {
    const apiPort = await freePort();
    const apiOnly = await startApp(stack, { ROLE: 'api', BOUNCE_SMTP_PORT: String(apiPort), HOST: '127.0.0.1' });
    try {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = createConnection(apiPort, '127.0.0.1');
        socket.once('connect', () => (socket.destroy(), resolve(false)));
        socket.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    } finally {
      await apiOnly.stop();
    }
    const second = await startApp(stack, { ROLE: 'worker', BOUNCE_SMTP_PORT: String(port), HOST: '127.0.0.1' });
    try {
      expect(second.app.get(BounceListener).port).toBeNull();
      expect(app.app.get(BounceListener).port).toBe(port);
      expect(await send('postfix-4.2.2-mailbox-full-delayed.eml', letterTo.soft)).toMatch(/^250 /);
    } finally {
      await second.stop();
    }
  });
});

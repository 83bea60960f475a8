import { expectStatus } from './helpers/api-client.js';
import { dsnFixture, sendOverSmtp } from './helpers/dsn.js';
import { createLiveCampaign, createTargets, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { withdrawTokenIn } from './helpers/smtp-server.js';
import { freePort } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';
import { verifySignature, WebhookReceiver } from './helpers/webhook-receiver.js';

const DOMAIN = 'campaigns.example';
const ALL_EVENTS = [
  'signature.confirmed',
  'signature.withdrawn',
  'consent.given',
  'consent.withdrawn',
  'letter.sent',
  'letter.failed',
  'letter.bounced',
  'supporter.erased',
];

/**
 * Signed webhooks end to end: an admin registers a receiver of the test's own; a supporter signs,
 * confirms, has a letter sent and another refused, a bounce comes back, they withdraw, an admin
 * erases them; the receiver gets each of those changes once, in that order, each signed with the
 * secret (the test computes the HMAC itself); then the admin reads the attempts, replays, disables,
 * enables, rotates the secret and deletes the endpoint.
 */
describe('signed webhooks: a supporter’s story reaches the CRM once, in order, signed', () => {
  const receiver = new WebhookReceiver();
  let bouncePort: number;
  const { stack, app } = useStack({
    beforeApps: async () => {
      await receiver.start();
      bouncePort = await freePort();
    },
    app: () => ({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '200',
      BOUNCE_SMTP_PORT: String(bouncePort),
      HOST: '127.0.0.1',
    }),
    afterApps: () => receiver.stop(),
  });
  let endpoint: { id: string; secret: string };

  /** The events recorded for the endpoint, in the order they were recorded. */
  const recorded = (supporterId: string) =>
    stack.db.query<{ id: string; type: string }>(`SELECT id, type FROM webhook_events WHERE supporter_id = $1 ORDER BY seq`, [supporterId]);
  const settled = () =>
    waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM webhook_deliveries WHERE status IN ('queued', 'sending', 'retrying')`)).length === 0,
      'every webhook delivery to be settled',
    );
  const acceptedAbout = (supporterId: string) => receiver.accepted.filter((h) => h.body?.data?.supporterId === supporterId);

  it('registers an endpoint: its events checked, the secret answered once and never again', async () => {
    const bad = await app.admin.post('/api/admin/webhooks', { url: receiver.url, events: ['signature.confirmed', 'signature.signed'] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toEqual([expect.stringContaining('events has an unknown event type: "signature.signed" (known: signature.confirmed,')]);
    expect((await app.admin.post('/api/admin/webhooks', { url: receiver.url, events: [] })).json.message).toEqual(['events must name at least one event type']);
    expect((await app.admin.post('/api/admin/webhooks', { url: receiver.url, events: ['letter.sent', 'letter.sent'] })).json.message).toEqual([
      'events lists "letter.sent" twice',
    ]);
    expect((await app.admin.post('/api/admin/webhooks', { url: 'ftp://crm.example.org/', events: ['letter.sent'] })).json.message).toBe(
      'url must start with https:// (or http://), not ftp://',
    );
    expect(await stack.db.query(`SELECT 1 FROM webhook_endpoints`)).toEqual([]);

    const made = expectStatus(await app.admin.post('/api/admin/webhooks', { url: receiver.url, events: ALL_EVENTS, description: 'the CRM' }), 201);
    expect(made).toMatchObject({ url: receiver.url, events: ALL_EVENTS, description: 'the CRM', enabled: true, failingSince: null, owed: 0, failed: 0 });
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    endpoint = { id: made.id, secret: made.secret };

    const list = expectStatus(await app.admin.get('/api/admin/webhooks'), 200);
    expect(list.items.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
    expect(JSON.stringify(list)).not.toContain(endpoint.secret);
    expect(JSON.stringify(expectStatus(await app.admin.get(`/api/admin/webhooks/${endpoint.id}`), 200))).not.toContain(endpoint.secret);
    const [audit] = await stack.db.query(`SELECT actor_email, details FROM audit_log WHERE action = 'webhook.create' AND subject_id = $1`, [endpoint.id]);
    expect(audit.actor_email).toBe('admin@test.example');
    expect(JSON.stringify(audit.details)).not.toContain(endpoint.secret.slice(6));
    // campaigners may not: webhooks carry supporters' addresses
    expect((await app.api.get('/api/admin/webhooks')).status).toBe(401);
  });

  it('sends confirmed, sent, failed, bounced, withdrawn and erased, each once, signed, in the order they happened', async () => {
    const tag = uniq();
    const [healthy, refusing] = await createTargets(app.admin, 2, tag);
    stack.smtp.faults.permfailRcpt = new RegExp(`^${refusing.email.replace(/[.+]/g, '\\$&')}$`);
    const campaign = await createLiveCampaign(app.admin, { targets: [healthy, refusing] });
    const s = supporter(1, tag);
    const token = await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
    // confirming again changes nothing: no second event
    expectStatus(await app.api.confirm(token), 200);
    const [{ id: supporterId }] = await stack.db.query(`SELECT id FROM supporters WHERE email = $1`, [s.email]);
    const letterTo = async (targetId: string) =>
      (
        await stack.db.query(
          `SELECT d.id, d.status FROM deliveries d JOIN signatures g ON g.id = d.signature_id WHERE g.supporter_id = $1 AND d.target_id = $2`,
          [supporterId, targetId],
        )
      )[0];
    await waitFor(
      async () => (await letterTo(healthy.id))?.status === 'sent' && (await letterTo(refusing.id))?.status === 'failed',
      'one letter sent, one refused',
    );

    // the official's server reports a hard bounce of the letter it had taken
    const sent = await letterTo(healthy.id);
    await sendOverSmtp(
      bouncePort,
      `bounces+${sent.id}@${DOMAIN}`,
      dsnFixture('postfix-5.1.1-user-unknown.eml', { deliveryId: sent.id, targetEmail: healthy.email, mailDomain: DOMAIN }),
    );
    await waitFor(async () => (await letterTo(healthy.id)).status === 'bounced', 'the letter to be bounced');

    // the supporter withdraws (twice: the second changes nothing), then asks to be erased
    const [confirmation] = stack.smtp.received.filter((m) => m.rcptTo.includes(s.email) && /\/withdraw\//.test(m.text));
    const withdraw = withdrawTokenIn(confirmation);
    expectStatus(await app.api.withdraw(withdraw), 200);
    expectStatus(await app.api.withdraw(withdraw), 200);
    // (received first, so that what it says is read before the erasure removes it from what is kept)
    await waitFor(() => acceptedAbout(supporterId).some((h) => h.body.type === 'signature.withdrawn'), 'signature.withdrawn to reach the receiver');
    expectStatus(await app.admin.post('/api/admin/supporters/erase', { email: s.email }), 200);

    await waitFor(() => acceptedAbout(supporterId).some((h) => h.body.type === 'supporter.erased'), 'supporter.erased to reach the receiver', {
      timeout: 30_000,
    });
    await settled();
    const events = await recorded(supporterId);
    const hooks = acceptedAbout(supporterId);
    // each change once, in the order recorded (the sent and the refused letter settle in either order)
    expect(hooks.map((h) => h.headers['webhook-id'])).toEqual(events.map((e) => e.id));
    expect(hooks.map((h) => h.body.type)).toEqual([
      'signature.confirmed',
      ...[events[1].type, events[2].type],
      'letter.bounced',
      'signature.withdrawn',
      'supporter.erased',
    ]);
    expect([events[1].type, events[2].type].sort()).toEqual(['letter.failed', 'letter.sent']);
    expect(receiver.received.filter((h) => h.body?.data?.supporterId === supporterId)).toHaveLength(6);

    // every one signed with the secret, as the receiver checks it (HMAC computed by the test)
    for (const h of hooks) {
      expect([h.body.type, verifySignature(endpoint.secret, h)]).toEqual([h.body.type, true]);
      expect(h.headers['content-type']).toBe('application/json');
      expect(Math.abs(Number(h.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(300);
      expect(Object.keys(h.body).sort()).toEqual(['data', 'timestamp', 'type']);
    }
    // and a signature that does not match is told apart: a changed byte, another secret
    expect(verifySignature(endpoint.secret, { ...hooks[0], raw: hooks[0].raw.replace('confirmed', 'confirmeD') })).toBe(false);
    expect(verifySignature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', hooks[0])).toBe(false);

    const [confirmed, ...rest] = hooks.map((h) => h.body.data);
    expect(confirmed).toMatchObject({
      supporterId,
      status: 'confirmed',
      campaign: { id: campaign.id, slug: campaign.slug, title: 'Stop the assault on Homs' },
      supporter: { firstName: s.firstName, lastName: s.lastName, email: s.email, country: 'LB' },
    });
    expect(confirmed.signatureId).toMatch(/^[0-9a-f-]{36}$/);
    const byType = Object.fromEntries(hooks.map((h) => [h.body.type, h.body.data]));
    expect(byType['letter.sent']).toMatchObject({
      deliveryId: sent.id,
      targetId: healthy.id,
      signatureId: confirmed.signatureId,
      status: 'sent',
      reason: null,
    });
    expect(byType['letter.failed']).toMatchObject({ targetId: refusing.id, status: 'failed', reason: expect.stringContaining('550') });
    expect(byType['letter.bounced']).toMatchObject({ deliveryId: sent.id, status: 'bounced', reason: expect.stringContaining('5.1.1') });
    expect(byType['signature.withdrawn']).toMatchObject({ signatureId: confirmed.signatureId, status: 'withdrawn' });
    expect(byType['signature.withdrawn'].supporter).toBeUndefined();
    expect(byType['supporter.erased']).toEqual({ supporterId });
    expect(rest.every((d) => d.campaign === undefined || d.campaign.id === campaign.id)).toBe(true);

    // the erasure also took what the events still kept said about them
    const kept = await stack.db.query(`SELECT payload FROM webhook_events WHERE supporter_id = $1`, [supporterId]);
    expect(kept).toHaveLength(6);
    for (const { payload } of kept) {
      for (const personal of [s.email, s.firstName, s.lastName, '"country"', '"reason"']) expect(JSON.stringify(payload)).not.toContain(personal);
    }
  }, 90_000);

  it('lists the deliveries with each attempt, and replays one with the same webhook-id', async () => {
    expect((await app.admin.get(`/api/admin/webhooks/${endpoint.id}/deliveries?status=lost`)).status).toBe(400);
    expect((await app.admin.get(`/api/admin/webhooks/${endpoint.id}/deliveries?cursor=bm9wZQ`)).status).toBe(400);
    const first = expectStatus(await app.admin.get(`/api/admin/webhooks/${endpoint.id}/deliveries?limit=2`), 200);
    expect(first.items).toHaveLength(2);
    expect(first.items[0]).toMatchObject({ type: 'supporter.erased', status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null });
    expect(first.items[0].history).toEqual([expect.objectContaining({ attempt: 1, statusCode: 200, error: null, response: '{"ok":true}' })]);
    const rest = expectStatus(await app.admin.get(`/api/admin/webhooks/${endpoint.id}/deliveries?cursor=${first.nextCursor}`), 200);
    expect(rest.items.map((d: { type: string }) => d.type)).toContain('signature.confirmed');
    expect(rest.nextCursor).toBeNull();
    const all = [...first.items, ...rest.items];
    expect(new Set(all.map((d: { id: string }) => d.id)).size).toBe(6);

    const confirmed = all.find((d: { type: string }) => d.type === 'signature.confirmed');
    const before = receiver.received.length;
    expect(expectStatus(await app.admin.post(`/api/admin/webhooks/${endpoint.id}/deliveries/${confirmed.id}/replay`), 200)).toEqual({ replayed: 1 });
    const [again] = await waitFor(() => receiver.received.slice(before), 'the replayed delivery');
    expect(again.headers['webhook-id']).toBe(confirmed.eventId);
    expect(verifySignature(endpoint.secret, again)).toBe(true);
    await settled();
    const replayed = expectStatus(await app.admin.get(`/api/admin/webhooks/${endpoint.id}/deliveries?limit=500`), 200).items.find(
      (d: { id: string }) => d.id === confirmed.id,
    );
    expect(replayed).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(replayed.history).toHaveLength(2);
    const [audit] = await stack.db.query(`SELECT details FROM audit_log WHERE action = 'webhook.replay'`);
    expect(audit.details).toMatchObject({ deliveryId: confirmed.id, eventType: 'signature.confirmed', previousStatus: 'delivered' });

    expect((await app.admin.post(`/api/admin/webhooks/${endpoint.id}/deliveries/00000000-0000-4000-8000-000000000000/replay`)).status).toBe(404);
    expect((await app.admin.post(`/api/admin/webhooks/${endpoint.id}/deliveries/not-a-uuid/replay`)).status).toBe(400);
  });

  it('disabled, it is owed nothing; enabled again, it is; a rotated secret signs beside the old one for a while', async () => {
    const hooksUrl = `/api/admin/webhooks/${endpoint.id}`;
    expect((await app.admin.patch(hooksUrl, {})).json.message).toBe('give at least one of url, events, enabled, description');
    expect((await app.admin.patch(hooksUrl, { enabled: 'no' })).status).toBe(400);
    expect(expectStatus(await app.admin.patch(hooksUrl, { enabled: false }), 200)).toMatchObject({
      enabled: false,
      disabledReason: 'disabled by admin@test.example',
    });
    const campaign = await createLiveCampaign(app.admin, { targets: await createTargets(app.admin, 1), body: { requireConfirmation: false } });
    const events = async () => (await stack.db.query(`SELECT count(*)::int AS n FROM webhook_events`))[0].n;
    const before = await events();
    expectStatus(await app.api.sign(campaign.slug, supporter(2)), 202);
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id])).length === 1,
      'the letter',
    );
    expect(await events()).toBe(before);

    expect(expectStatus(await app.admin.patch(hooksUrl, { enabled: true, description: null }), 200)).toMatchObject({
      enabled: true,
      disabledAt: null,
      description: null,
    });
    const [update] = await stack.db.query(`SELECT details FROM audit_log WHERE action = 'webhook.update' ORDER BY at DESC LIMIT 1`);
    expect(update.details).toEqual({ enabled: { from: false, to: true }, description: { from: 'the CRM', to: null } });

    const rotated = expectStatus(await app.admin.post(`${hooksUrl}/rotate-secret`), 200);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);
    const seen = receiver.received.length;
    const s = supporter(3);
    expectStatus(await app.api.sign(campaign.slug, s), 202);
    const [hook] = await waitFor(() => receiver.received.slice(seen).filter((h) => h.body.type === 'signature.confirmed'), 'the next event');
    expect(hook.body.data.supporter.email).toBe(s.email);
    expect(String(hook.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifySignature(rotated.secret, hook)).toBe(true);
    expect(verifySignature(endpoint.secret, hook)).toBe(true);
    expect(verifySignature(rotated.secret, { ...hook, headers: { ...hook.headers, 'webhook-id': 'another' } })).toBe(false);
    endpoint.secret = rotated.secret;
  });

  it('documents every webhook route in the OpenAPI description: each answer with a schema, every field with an example', async () => {
    const doc = expectStatus(await app.api.get('/api/docs/openapi.json'), 200);
    const routes: [string, string, string[]][] = [
      ['post', '/api/admin/webhooks', ['201', '400']],
      ['get', '/api/admin/webhooks', ['200']],
      ['get', '/api/admin/webhooks/{id}', ['200', '400', '404']],
      ['patch', '/api/admin/webhooks/{id}', ['200', '400', '404']],
      ['delete', '/api/admin/webhooks/{id}', ['204', '400', '404']],
      ['post', '/api/admin/webhooks/{id}/rotate-secret', ['200', '400', '404']],
      ['get', '/api/admin/webhooks/{id}/deliveries', ['200', '400', '404']],
      ['post', '/api/admin/webhooks/{id}/deliveries/{deliveryId}/replay', ['200', '400', '404', '409']],
      ['post', '/api/admin/webhooks/{id}/replay-failed', ['200', '400', '404', '409']],
    ];
    const schemas = doc.components.schemas as Record<string, { properties?: Record<string, Record<string, unknown>> }>;
    const missing: string[] = [];
    for (const [method, path, statuses] of routes) {
      const op = doc.paths[path]?.[method];
      expect([method, path, Object.keys(op?.responses ?? {}).sort()]).toEqual([method, path, [...statuses, '401', '403'].sort()]);
      expect(op.security).toEqual([{ bearer: [] }]);
      for (const [status, answer] of Object.entries<{ content?: object }>(op.responses)) {
        if (status !== '204') expect([path, status, Object.keys(answer.content ?? {}).length]).toEqual([path, status, 1]);
      }
      for (const p of op.parameters ?? [])
        if (p.in === 'query' && p.example === undefined && p.schema?.example === undefined) missing.push(`${path} ?${p.name}`);
    }
    for (const name of Object.keys(schemas).filter((n) => /Webhook/.test(n))) {
      for (const [field, prop] of Object.entries(schemas[name].properties ?? {})) {
        if (!prop.$ref && !prop.allOf && !(prop.items as { $ref?: string } | undefined)?.$ref && prop.example === undefined) missing.push(`${name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('is deleted with its deliveries, audited', async () => {
    await settled();
    expect((await app.admin.delete(`/api/admin/webhooks/${endpoint.id}`)).status).toBe(204);
    expect((await app.admin.get(`/api/admin/webhooks/${endpoint.id}`)).status).toBe(404);
    expect((await app.admin.delete(`/api/admin/webhooks/${endpoint.id}`)).status).toBe(404);
    expect(await stack.db.query(`SELECT 1 FROM webhook_deliveries`)).toEqual([]);
    const [audit] = await stack.db.query(`SELECT details FROM audit_log WHERE action = 'webhook.delete'`);
    expect(audit.details).toEqual({ url: receiver.url, events: ALL_EVENTS });
  });
});

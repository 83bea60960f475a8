import { expectStatus, type ApiClient } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import type { TestDatabase } from './helpers/database.js';
import { WebhookOutbox } from '../src/webhooks/webhook-outbox.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';
import { verifySignature, WebhookReceiver } from './helpers/webhook-receiver.js';

/** Every delivery settled (delivered or failed). */
const settled = (db: TestDatabase, timeout = 30_000) =>
  waitFor(
    async () => (await db.query(`SELECT 1 FROM webhook_deliveries WHERE status IN ('queued', 'sending', 'retrying')`)).length === 0,
    'every delivery settled',
    {
      timeout,
    },
  );

/** Waits until `n` events are recorded (the letters' come when the letters are sent). */
const recorded = (db: TestDatabase, n: number) =>
  waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM webhook_events`))[0].n >= n, `${n} events recorded`, { timeout: 30_000 });

/** `count` supporters sign a campaign that asks no confirmation, at once: each a signature.confirmed and a letter.sent per target. */
async function signMany(api: ApiClient, slug: string, count: number) {
  const tag = uniq();
  const all = Array.from({ length: count }, (_, i) => supporter(i, tag));
  await Promise.all(all.map(async (s) => expectStatus(await api.sign(slug, s), 202)));
  return all;
}

/**
 * Checks what the receiver took in against what PostgreSQL recorded: every event accepted exactly
 * once, with a valid signature, and each supporter's events accepted in the order they were
 * recorded (a later one never before an earlier one was delivered).
 */
async function expectEachOnceInOrder(db: TestDatabase, receiver: WebhookReceiver, secret: string) {
  const events = await db.query<{ id: string; supporter_id: string }>(`SELECT id, supporter_id FROM webhook_events ORDER BY seq`);
  const accepted = receiver.accepted;
  expect(accepted.map((h) => h.headers['webhook-id']).sort()).toEqual(events.map((e) => e.id).sort());
  expect(accepted.every((h) => verifySignature(secret, h))).toBe(true);
  for (const supporterId of new Set(events.map((e) => e.supporter_id))) {
    const expected = events.filter((e) => e.supporter_id === supporterId).map((e) => e.id);
    const got = accepted.filter((h) => h.body.data.supporterId === supporterId).map((h) => h.headers['webhook-id']);
    expect([supporterId, got]).toEqual([supporterId, expected]);
  }
  return events.length;
}

describe('webhooks to a receiver that fails for a while, then recovers', () => {
  const receiver = new WebhookReceiver();
  const { stack, app } = useStack({
    beforeApps: () => receiver.start(),
    app: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '40', WEBHOOK_RETRY_MAX_MS: '300' },
    afterApps: () => receiver.stop(),
  });

  it('loses nothing, delivers each event once, keeps each supporter’s order, and logs every attempt', async () => {
    const endpoint = expectStatus(await app.admin.post('/api/admin/webhooks', { url: receiver.url, events: ['signature.confirmed', 'letter.sent'] }), 201);
    // the first 25 requests are refused with a 500, whatever they carry
    let refusals = 25;
    receiver.answer = () => (refusals-- > 0 ? 500 : 200);
    const campaign = await createLiveCampaign(app.admin, { targets: await createTargets(app.admin, 2), body: { requireConfirmation: false } });
    await signMany(app.api, campaign.slug, 10);

    await recorded(stack.db, 30);
    await settled(stack.db);
    expect(await expectEachOnceInOrder(stack.db, receiver, endpoint.secret)).toBe(30);
    expect(receiver.received.filter((h) => h.answered === 500)).toHaveLength(25);
    expect(await stack.db.query(`SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status`)).toEqual([{ status: 'delivered', n: 30 }]);
    // every attempt is in the log: 30 that succeeded, 25 refused
    expect(await stack.db.query(`SELECT status_code, count(*)::int AS n FROM webhook_attempts GROUP BY status_code ORDER BY status_code`)).toEqual([
      { status_code: 200, n: 30 },
      { status_code: 500, n: 25 },
    ]);
    const page = expectStatus(await app.admin.get(`/api/admin/webhooks/${endpoint.id}/deliveries?limit=500`), 200);
    const retried = page.items.find((d: { history: unknown[] }) => d.history.length > 1);
    expect(retried.history.map((a: { statusCode: number }) => a.statusCode)).toEqual([...Array(retried.history.length - 1).fill(500), 200]);
    expect(retried.history.map((a: { attempt: number }) => a.attempt)).toEqual(retried.history.map((_: unknown, i: number) => i + 1));
    expect(retried.history[0].response).toBe('{"ok":false}');
    // a success ends the endpoint's run of failures
    expect(expectStatus(await app.admin.get(`/api/admin/webhooks/${endpoint.id}`), 200)).toMatchObject({
      enabled: true,
      failingSince: null,
      owed: 0,
      failed: 0,
    });
  }, 60_000);

  it('forgets events after WEBHOOK_RETENTION_DAYS, with their deliveries and attempts, but never one still owed', async () => {
    const oldest = await stack.db.query<{ id: string }>(`SELECT id FROM webhook_events ORDER BY seq LIMIT 5`);
    const ids = oldest.map((e) => e.id);
    await stack.db.query(`UPDATE webhook_events SET created_at = now() - interval '31 days' WHERE id = ANY($1::uuid[])`, [ids]);
    // the first one owed again (as a replay would make it), its next attempt an hour away
    await stack.db.query(`UPDATE webhook_deliveries SET status = 'retrying', next_attempt_at = now() + interval '1 hour' WHERE event_id = $1`, [ids[0]]);
    expect(await app.app.get(WebhookOutbox).purgeExpired(30, 2)).toBe(4);
    expect((await stack.db.query(`SELECT id FROM webhook_events WHERE id = ANY($1::uuid[])`, [ids])).map((e) => e.id)).toEqual([ids[0]]);
    const left = await stack.db.query(
      `SELECT (SELECT count(*)::int FROM webhook_events) AS events, (SELECT count(*)::int FROM webhook_deliveries) AS deliveries,
              (SELECT count(*)::int FROM webhook_attempts a WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.id = a.delivery_id)) AS orphans`,
    );
    expect(left).toEqual([{ events: 26, deliveries: 26, orphans: 0 }]);
  });
});

describe('webhooks to a receiver that fails for good', () => {
  const receiver = new WebhookReceiver();
  const { stack, app } = useStack({
    beforeApps: () => receiver.start(),
    app: {
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_BASE_MS: '40',
      WEBHOOK_RETRY_MAX_MS: '200',
      // about a second of retries for each delivery, and two seconds of failures for the endpoint
      WEBHOOK_RETRY_HOURS: '0.0003',
      WEBHOOK_DISABLE_AFTER_HOURS: '0.0006',
    },
    afterApps: () => receiver.stop(),
  });

  it('gives a delivery up after WEBHOOK_RETRY_HOURS, disables the endpoint after WEBHOOK_DISABLE_AFTER_HOURS (audited), and sends everything once enabled and replayed', async () => {
    const endpoint = expectStatus(await app.admin.post('/api/admin/webhooks', { url: receiver.url, events: ['signature.confirmed', 'letter.sent'] }), 201);
    const hook = `/api/admin/webhooks/${endpoint.id}`;
    receiver.answer = () => 503;
    const campaign = await createLiveCampaign(app.admin, { targets: await createTargets(app.admin, 1), body: { requireConfirmation: false } });
    await signMany(app.api, campaign.slug, 3);

    const disabled = await waitFor(
      async () => {
        const e = expectStatus(await app.admin.get(hook), 200);
        return e.enabled ? null : e;
      },
      'the endpoint to be disabled',
      { timeout: 30_000 },
    );
    expect(disabled.disabledReason).toMatch(/^every attempt failed for 0\.0006 hours \(since \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);
    expect(disabled.failingSince).not.toBeNull();
    expect(disabled.failed).toBeGreaterThan(0);
    const audit = await stack.db.query(`SELECT actor_id, actor_email, details FROM audit_log WHERE action = 'webhook.disable'`);
    expect(audit).toEqual([{ actor_id: null, actor_email: null, details: expect.objectContaining({ url: receiver.url, afterHours: 0.0006 }) }]);
    const failed = await stack.db.query<{ id: string; last_error: string }>(`SELECT id, last_error FROM webhook_deliveries WHERE status = 'failed'`);
    expect(failed.every((d) => d.last_error === 'answered 503: {"ok":false}')).toBe(true);
    // what it still owes waits (no attempt while disabled), and nothing new is owed to it
    await waitFor(async () => (await stack.db.query(`SELECT 1 FROM webhook_deliveries WHERE status = 'sending'`)).length === 0, 'attempts in flight to end');
    const attempts = async () => (await stack.db.query(`SELECT count(*)::int AS n FROM webhook_attempts`))[0].n;
    const before = { attempts: await attempts(), events: (await stack.db.query(`SELECT count(*)::int AS n FROM webhook_events`))[0].n };
    await signMany(app.api, campaign.slug, 1);
    await waitFor(async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE status = 'sent'`)).length === 4, 'the new letter');
    expect((await stack.db.query(`SELECT count(*)::int AS n FROM webhook_events`))[0].n).toBe(before.events);
    expect(await attempts()).toBe(before.attempts);
    // a disabled endpoint replays nothing
    expect((await app.admin.post(`${hook}/replay-failed`)).status).toBe(409);
    expect((await app.admin.post(`${hook}/deliveries/${failed[0].id}/replay`)).status).toBe(409);

    // the receiver is fixed; the admin enables the endpoint (what waited goes) and replays what failed
    receiver.answer = () => 200;
    expect(expectStatus(await app.admin.patch(hook, { enabled: true }), 200)).toMatchObject({
      enabled: true,
      failingSince: null,
      disabledAt: null,
      disabledReason: null,
    });
    expect(expectStatus(await app.admin.post(`${hook}/replay-failed`), 200)).toEqual({ replayed: failed.length });
    await settled(stack.db);
    const events = await stack.db.query<{ id: string }>(`SELECT id FROM webhook_events`);
    const accepted = receiver.accepted.map((h) => h.headers['webhook-id']);
    expect(accepted.sort()).toEqual(events.map((e) => e.id).sort());
    expect(await stack.db.query(`SELECT DISTINCT status FROM webhook_deliveries`)).toEqual([{ status: 'delivered' }]);
    const [replay] = await stack.db.query(`SELECT actor_email, details FROM audit_log WHERE action = 'webhook.replay-failed'`);
    expect(replay).toEqual({
      actor_email: 'admin@test.example',
      details: { replayed: failed.length, deliveryIds: expect.arrayContaining(failed.map((d) => d.id)) },
    });
  }, 60_000);
});

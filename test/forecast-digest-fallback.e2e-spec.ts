import { DataSource } from 'typeorm';
import { DigestFallbackService, FOLDED_INTO_DIGEST } from '../src/campaigns/digest-fallback.service.js';
import { DeliveryLedger } from '../src/deliveries/delivery-ledger.js';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { insertConfirmedSignatures } from './helpers/bulk.js';
import { createLiveCampaign, uniq } from './helpers/fixtures.js';
import { startApp, type RunningApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const THRESHOLD = 50;

/**
 * The automatic switch to digest letters (DIGEST_FALLBACK_BACKLOG): at the threshold, and what
 * becomes of the individual letters already owed: those not sent are folded into the digest, those
 * sent or in flight are not, so each signatory reaches the official once.
 */
describe('digest fallback: a target whose backlog passes DIGEST_FALLBACK_BACKLOG switches to digests', () => {
  let worker: RunningApp | null = null;
  // an API process only, first: nothing sends, so the backlogs are what the test makes them
  const { stack, app: api } = useStack({ app: { ROLE: 'api', DIGEST_FALLBACK_BACKLOG: String(THRESHOLD) }, stopFirst: () => worker?.stop() });
  let staff: ApiClient;
  let switching: { id: string; slug: string };
  let atThreshold: { id: string; slug: string };
  let a: { id: string; email: string };
  let a2: { id: string; email: string };
  let b: { id: string; email: string };
  /** signatures of the switching campaign by the state of their letter to `a` */
  const sigs: Record<'sent' | 'sending' | 'queued', string[]> = { sent: [], sending: [], queued: [] };

  const newTarget = async (name: string) =>
    expectStatus(await staff.post('/api/targets', { name, title: 'Minister', organization: 'State', email: `t.${uniq()}@officials.example` }), 201);
  const nameOf = async (ids: string[]) =>
    (
      await stack.db.query<{ name: string }>(
        `SELECT p.first_name || ' ' || p.last_name || ', Lebanon' AS name FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE s.id = ANY($1::uuid[])`,
        [ids],
      )
    ).map((r) => r.name);

  beforeAll(async () => {
    staff = api.admin;
    a = await newTarget('Sergei Lavrov');
    a2 = await newTarget('Nabil Elaraby');
    b = await newTarget('Hoshyar Zebari');
    const digestEvery5 = { delivery: { mode: 'individual', digestIntervalMinutes: 5 } };
    switching = await createLiveCampaign(staff, { targets: [a, a2], body: digestEvery5 });
    atThreshold = await createLiveCampaign(staff, { targets: [b], body: digestEvery5 });

    // 60 signatures confirmed an hour ago (before the last digest boundary); their letters to a:
    // 4 sent, 1 in an SMTP conversation now, 55 still owed: a backlog of 55, over the threshold
    await insertConfirmedSignatures(stack.db, switching.id, 60, `now() - interval '1 hour'`);
    const ids = (await stack.db.query<{ id: string }>(`SELECT id FROM signatures WHERE campaign_id = $1 ORDER BY id`, [switching.id])).map((r) => r.id);
    sigs.sent = ids.slice(0, 4);
    sigs.sending = ids.slice(4, 5);
    sigs.queued = ids.slice(5);
    const letters = async (campaignId: string, targetId: string, sigIds: string[], status: string) =>
      stack.db.query(
        `INSERT INTO deliveries (campaign_id, target_id, signature_id, status, sent_at, claimed_at, attempts)
         SELECT $1, $2, id, $3, CASE WHEN $3 = 'sent' THEN now() - interval '50 minutes' END,
                CASE WHEN $3 IN ('sent', 'sending') THEN now() END, CASE WHEN $3 IN ('sent', 'sending') THEN 1 ELSE 0 END
           FROM unnest($4::uuid[]) AS id`,
        [campaignId, targetId, status, sigIds],
      );
    await letters(switching.id, a.id, sigs.sent, 'sent');
    await letters(switching.id, a.id, sigs.sending, 'sending');
    await letters(switching.id, a.id, sigs.queued, 'queued');
    // the other target of that campaign owes only a few
    await letters(switching.id, a2.id, ids.slice(0, 3), 'queued');

    // exactly the threshold: 55 signatures, 5 letters sent, 50 owed
    await insertConfirmedSignatures(stack.db, atThreshold.id, 55, `now() - interval '1 hour'`);
    const bIds = (await stack.db.query<{ id: string }>(`SELECT id FROM signatures WHERE campaign_id = $1 ORDER BY id`, [atThreshold.id])).map((r) => r.id);
    await letters(atThreshold.id, b.id, bIds.slice(0, 5), 'sent');
    await letters(atThreshold.id, b.id, bIds.slice(5), 'queued');
  });

  it('switches the target over the threshold, not the one at it, folding its owed letters (audited as the system)', async () => {
    const fallback = api.app.get(DigestFallbackService);
    expect(await fallback.run()).toEqual([{ campaignId: switching.id, targetId: a.id, folded: 55 }]);
    expect(await fallback.run()).toEqual([]);

    const byStatus = await stack.db.query<{ status: string; n: number; reason: string | null }>(
      `SELECT status, count(*)::int AS n, max(last_error) AS reason FROM deliveries WHERE campaign_id = $1 AND target_id = $2 GROUP BY 1 ORDER BY 1`,
      [switching.id, a.id],
    );
    expect(byStatus).toEqual([
      { status: 'cancelled', n: 55, reason: FOLDED_INTO_DIGEST },
      { status: 'sending', n: 1, reason: null },
      { status: 'sent', n: 4, reason: null },
    ]);
    // nothing else changed: the other target of the campaign, the campaign at the threshold
    expect(await stack.db.query(`SELECT status, count(*)::int AS n FROM deliveries WHERE target_id = $1 GROUP BY 1`, [a2.id])).toEqual([
      { status: 'queued', n: 3 },
    ]);
    expect(await stack.db.query(`SELECT status, count(*)::int AS n FROM deliveries WHERE target_id = $1 GROUP BY 1 ORDER BY 1`, [b.id])).toEqual([
      { status: 'queued', n: 50 },
      { status: 'sent', n: 5 },
    ]);

    const view = expectStatus(await staff.get(`/api/campaigns/${switching.id}`), 200);
    expect(view.targets.find((t: { id: string }) => t.id === a.id).digestSince).toEqual(expect.any(String));
    expect(view.targets.find((t: { id: string }) => t.id === a2.id).digestSince).toBeNull();
    expect(expectStatus(await staff.get(`/api/campaigns/${atThreshold.id}`), 200).targets[0].digestSince).toBeNull();
    const forecast = expectStatus(await staff.get(`/api/campaigns/${switching.id}/forecast`), 200);
    expect(forecast.digestFallbackBacklog).toBe(THRESHOLD);
    expect(forecast.targets.find((t: { targetId: string }) => t.targetId === a.id)).toMatchObject({
      mode: 'digest',
      backlog: 1,
      digestSince: expect.any(String),
    });

    const audit = expectStatus(await api.admin.get(`/api/admin/audit?action=target.digest-fallback`), 200).items;
    expect(audit).toEqual([
      expect.objectContaining({ actorEmail: null, subjectId: switching.id, details: { targetId: a.id, threshold: THRESHOLD, folded: 55 } }),
    ]);
  });

  it('from then on a confirmation, and a launch backfill, owe the switched target no letter of its own', async () => {
    await insertConfirmedSignatures(stack.db, switching.id, 1);
    const [late] = await stack.db.query<{ id: string }>(
      `SELECT s.id FROM signatures s WHERE s.campaign_id = $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.signature_id = s.id) ORDER BY s.confirmed_at DESC LIMIT 1`,
      [switching.id],
    );
    const deliveries = api.app.get(DeliveryLedger);
    const owed = await api.app.get(DataSource).transaction((em) => deliveries.oweForSignature(em, late.id));
    expect(owed).toHaveLength(1);
    expect(await stack.db.query(`SELECT target_id FROM deliveries WHERE signature_id = $1`, [late.id])).toEqual([{ target_id: a2.id }]);
    expect((await deliveries.backfillStep(switching.id, a.id, null, 5000)).created).toEqual([]);
  });

  it('a worker sends one digest carrying exactly the folded signatories: none sent or in flight is listed twice', async () => {
    worker = await startApp(stack, { ROLE: 'worker', DIGEST_FALLBACK_BACKLOG: String(THRESHOLD), DIGEST_GRACE_SECONDS: '0' });
    const [digest] = await stack.smtp.waitFor((m) => m.rcptTo.includes(a.email), 1, 30_000);
    const listed = digest.text.split('\n').filter((l) => /^First\d+ Bulk, /.test(l));
    expect(listed.sort()).toEqual((await nameOf(sigs.queued)).sort());
    for (const name of await nameOf([...sigs.sent, ...sigs.sending])) expect(listed).not.toContain(name);
    // the individual letter's signature line is left out of a digest: it speaks for many
    expect(digest.text).toContain('Yours sincerely,\n\nFirst');
    expect(digest.headers.from).toContain('Test Org');
    const [row] = await stack.db.query(`SELECT status, period_start, period_end FROM deliveries WHERE id = $1`, [digest.headers['x-appeal-delivery']]);
    expect(row.period_start.getTime()).toBe(0);

    // the target at the threshold kept its individual letters, and gets them one by one
    await stack.smtp.waitFor((m) => m.rcptTo.includes(b.email), 50, 30_000);
    await waitFor(
      async () => (await stack.db.query(`SELECT status FROM deliveries WHERE id = $1`, [digest.headers['x-appeal-delivery']]))[0].status === 'sent',
      'the digest recorded as sent',
    );
    // a has had one letter: the digest (the 4 "sent" were never really sent, the one in flight still is)
    expect(stack.smtp.received.filter((m) => m.rcptTo.includes(a.email))).toHaveLength(1);
    expect(await stack.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE target_id = $1 AND status = 'sending'`, [a.id])).toEqual([{ n: 1 }]);
  });

  it('the workers switch on their own timer: a paused campaign over the threshold', async () => {
    const c = await newTarget('Walid Muallem');
    const paused = await createLiveCampaign(staff, { targets: [c] });
    expectStatus(await staff.post(`/api/campaigns/${paused.id}/pause`), 200);
    await insertConfirmedSignatures(stack.db, paused.id, THRESHOLD + 1);
    await stack.db.query(`INSERT INTO deliveries (campaign_id, target_id, signature_id) SELECT $1, $2, id FROM signatures WHERE campaign_id = $1`, [
      paused.id,
      c.id,
    ]);
    await waitFor(async () => {
      const items = expectStatus(await api.admin.get(`/api/admin/audit?action=target.digest-fallback&subjectId=${paused.id}`), 200).items;
      return items.length === 1 ? items : null;
    }, 'the switch of the paused campaign’s target');
    expect(await stack.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'cancelled'`, [paused.id])).toEqual([
      { n: THRESHOLD + 1 },
    ]);
  });
});

import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Reconciler } from '../src/maintenance/reconciler.js';
import { QUEUES } from '../src/queue/queues.js';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const HOUR = 3_600_000;

/**
 * Collect first, deliver on a chosen day (issue 21, item 5): `delivery.startAt` holds every letter
 * of the campaign (queued in PostgreSQL, no attempt spent) while signatures are taken, and the
 * letters go by themselves at that time; the forecast counts from it and the page says when.
 */
describe('delivery.startAt: letters held while collecting', () => {
  // the reconciler's own timer stays out of the way (it is run by hand below): what sends the
  // held letters at startAt must be the hand-over planned for it
  const { stack, app } = useStack({ app: { RECONCILE_INTERVAL_SECONDS: '600' } });
  let staff: ApiClient;

  beforeAll(async () => {
    ({ staff } = await newCampaigner(app));
  });

  const letters = (campaignId: string) =>
    stack.db.query<{ id: string; status: string; attempts: number; claimed_at: Date | null; sent_at: Date | null; tries: number }>(
      `SELECT d.id, d.status, d.attempts, d.claimed_at, d.sent_at, (SELECT count(*)::int FROM delivery_attempts a WHERE a.delivery_id = d.id) AS tries
         FROM deliveries d WHERE d.campaign_id = $1 ORDER BY d.id`,
      [campaignId],
    );
  const queue = () => app.app.get<Queue>(getQueueToken(QUEUES.letters));

  it('validates startAt: an ISO 8601 date and time with its zone (400 naming it), stored in UTC; null clears it', async () => {
    for (const startAt of ['next friday', '2030-03-15T09:00', 42]) {
      const r = await staff.post('/api/campaigns', {
        slug: `homs-${uniq()}`,
        title: 'T',
        appeal: { subject: 's', body: 'b' },
        delivery: { mode: 'individual', startAt },
      });
      expect([startAt, r.status]).toEqual([startAt, 400]);
      expect(r.json.message).toEqual(['delivery.startAt must be an ISO 8601 date and time with its zone, such as 2026-11-05T09:00:00Z']);
    }
    const c = expectStatus(
      await staff.post('/api/campaigns', {
        slug: `homs-${uniq()}`,
        title: 'T',
        appeal: { subject: 's', body: 'b' },
        delivery: { mode: 'individual', startAt: '2030-03-15T12:00:00+03:00' },
      }),
      201,
    );
    expect(c.delivery).toEqual({ mode: 'individual', startAt: '2030-03-15T09:00:00.000Z' });
    // a change to another field of the policy keeps startAt
    const paced = expectStatus(await staff.patch(`/api/campaigns/${c.id}`, { delivery: { mode: 'individual', maxPerTargetPerHour: 50 } }), 200);
    expect(paced.delivery).toEqual({ mode: 'individual', startAt: '2030-03-15T09:00:00.000Z', maxPerTargetPerHour: 50 });
    const cleared = expectStatus(await staff.patch(`/api/campaigns/${c.id}`, { delivery: { mode: 'individual', startAt: null } }), 200);
    expect(cleared.delivery).toEqual({ mode: 'individual', startAt: null, maxPerTargetPerHour: 50 });
  });

  it('holds every letter while signatures are taken, with no churn, says so on the page and in the forecast, then sends them at the new startAt', async () => {
    const [target] = await createTargets(staff, 1);
    const startAt = new Date(Date.now() + 2 * HOUR);
    const c = await createLiveCampaign(staff, {
      targets: [target],
      body: { delivery: { mode: 'individual', maxPerTargetPerHour: 100, startAt: startAt.toISOString() } },
    });
    const tag = uniq();
    for (const i of [0, 1]) await signAndConfirm(app.api, stack.smtp, c.slug, supporter(i, tag));

    // each letter is looked at once by a worker, and held: queued, no attempt spent, nothing sent
    const held = await waitFor(async () => {
      const rows = await letters(c.id);
      return rows.length === 2 ? rows : null;
    }, 'the two letters owed');
    for (const l of held) await waitFor(async () => (await queue().getJob(l.id))?.returnvalue === 'held', 'a worker to hold the letter');
    // older than a reconcile interval, an owed letter would be handed to the queue again: not these
    await stack.db.query(`UPDATE deliveries SET updated_at = now() - interval '1 hour' WHERE campaign_id = $1`, [c.id]);
    expect((await app.app.get(Reconciler).run()).requeued).toBe(0);
    expect((await letters(c.id)).map(({ status, attempts, claimed_at, tries }) => ({ status, attempts, claimed_at, tries }))).toEqual([
      { status: 'queued', attempts: 0, claimed_at: null, tries: 0 },
      { status: 'queued', attempts: 0, claimed_at: null, tries: 0 },
    ]);
    expect(stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === c.slug)).toEqual([]);
    // the job that hands them over at startAt waits in the maintenance queue
    const maintenance = app.app.get<Queue>(getQueueToken(QUEUES.maintenance));
    expect(await maintenance.getJob(`start-${c.id}-${startAt.getTime()}`).then((j) => j?.getState())).toBe('delayed');

    // the page says when the letters go, in each language; the public API gives the time
    const en = (await app.api.get(`/c/${c.slug}?lang=en`)).text;
    expect(en).toMatch(
      /<p class="letters-go" id="letters-go">Signatures are being gathered now: the letters go to the officials together on \d{1,2} \w+ \d{4} at \d\d:\d\d UTC\.<\/p>/,
    );
    expect((await app.api.get(`/c/${c.slug}?lang=ru`)).text).toContain('Сейчас идёт сбор подписей: письма уйдут адресатам все вместе');
    expect((await app.api.get(`/c/${c.slug}?lang=ar`)).text).toContain('نجمع التواقيع الآن، وتُرسَل الرسائل إلى المسؤولين معًا في');
    expect(expectStatus(await app.api.get(`/api/public/campaigns/${c.slug}`), 200).deliveryStartAt).toBe(startAt.toISOString());

    // the forecast counts from startAt: two letters at 100 an hour all go in startAt's window
    const forecast = expectStatus(await staff.get(`/api/campaigns/${c.id}/forecast`), 200);
    expect(forecast.startAt).toBe(startAt.toISOString());
    expect(forecast.targets[0]).toMatchObject({ backlog: 2, basis: 'pacing-limit', heldUntil: startAt.toISOString(), projectedDrainAt: startAt.toISOString() });
    expect(forecast.targets[0].projectedSeconds).toBeGreaterThan(HOUR / 1000);

    // the day comes sooner: a startAt a few seconds ahead; the letters go by themselves then
    const soon = new Date(Date.now() + 4000);
    expectStatus(await staff.patch(`/api/campaigns/${c.id}`, { delivery: { mode: 'individual', startAt: soon.toISOString() } }), 200);
    // the hand-over planned for the old time is gone
    expect(await maintenance.getJob(`start-${c.id}-${startAt.getTime()}`)).toBeUndefined();
    const sent = await waitFor(
      async () => {
        const rows = await letters(c.id);
        return rows.every((l) => l.status === 'sent') ? rows : null;
      },
      'the held letters to be sent at startAt',
      { timeout: 30_000 },
    );
    for (const l of sent) {
      expect(l.sent_at!.getTime()).toBeGreaterThanOrEqual(soon.getTime());
      expect(l.attempts).toBe(1);
    }
    // handed over by the job planned for startAt (not by a reconciler pass)
    expect((await maintenance.getJob(`start-${c.id}-${soon.getTime()}`))?.returnvalue).toEqual({ requeued: 2 });
    expect(stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === c.slug)).toHaveLength(2);
    // the page no longer says the letters wait
    expect((await app.api.get(`/c/${c.slug}`)).text).not.toContain('letters-go');
  });

  it('a campaign launched with startAt a few seconds ahead holds the letters signed before it and sends them at that time', async () => {
    const [target] = await createTargets(staff, 1);
    const startAt = new Date(Date.now() + 8000);
    const c = await createLiveCampaign(staff, { targets: [target], body: { delivery: { mode: 'individual', startAt: startAt.toISOString() } } });
    const s = supporter(7, uniq());
    await signAndConfirm(app.api, stack.smtp, c.slug, s);
    const [letter] = await waitFor(() => letters(c.id), 'the letter owed');
    if (Date.now() < startAt.getTime() - 500) {
      await waitFor(async () => (await queue().getJob(letter.id))?.returnvalue === 'held', 'a worker to hold the letter');
      expect((await letters(c.id))[0]).toMatchObject({ status: 'queued', attempts: 0, tries: 0 });
    }
    const [mail] = await stack.smtp.waitFor((m) => m.headers['x-appeal-delivery'] === letter.id, 1, 30_000);
    expect(mail.headers['reply-to']).toBe(s.email);
    const [after] = await waitFor(async () => {
      const rows = await letters(c.id);
      return rows[0]?.status === 'sent' ? rows : null;
    }, 'the letter recorded as sent');
    expect(after.sent_at!.getTime()).toBeGreaterThanOrEqual(startAt.getTime());
    const handOver = await app.app.get<Queue>(getQueueToken(QUEUES.maintenance)).getJob(`start-${c.id}-${startAt.getTime()}`);
    expect(handOver?.finishedOn).toBeGreaterThanOrEqual(startAt.getTime());
  });

  it('clearing startAt on a live campaign sends what it held at once; a paused one resumes into its startAt', async () => {
    const [target] = await createTargets(staff, 1);
    const startAt = new Date(Date.now() + HOUR);
    const c = await createLiveCampaign(staff, { targets: [target], body: { delivery: { mode: 'individual', startAt: startAt.toISOString() } } });
    await signAndConfirm(app.api, stack.smtp, c.slug, supporter(3, uniq()));
    const [letter] = await waitFor(() => letters(c.id), 'the letter owed');
    await waitFor(async () => (await queue().getJob(letter.id))?.returnvalue === 'held', 'a worker to hold the letter');

    // paused and resumed while startAt is still to come: the letter stays held
    expectStatus(await staff.post(`/api/campaigns/${c.id}/pause`), 200);
    expectStatus(await staff.post(`/api/campaigns/${c.id}/resume`), 200);
    const maintenance = app.app.get<Queue>(getQueueToken(QUEUES.maintenance));
    expect(await maintenance.getJob(`start-${c.id}-${startAt.getTime()}`).then((j) => j?.getState())).toBe('delayed');
    expect((await letters(c.id))[0]).toMatchObject({ status: 'queued', attempts: 0 });

    expectStatus(await staff.patch(`/api/campaigns/${c.id}`, { delivery: { mode: 'individual', startAt: null } }), 200);
    await stack.smtp.waitFor((m) => m.headers['x-appeal-delivery'] === letter.id);
    await waitFor(async () => (await letters(c.id))[0].status === 'sent', 'the released letter recorded as sent');
  });
});

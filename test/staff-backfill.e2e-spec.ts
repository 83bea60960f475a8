import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QUEUES } from '../src/queue/queues.js';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, newCampaigner, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const SIGNATURES = 10_000;

/**
 * A target launched late on a campaign with 10,000 confirmed signatures: the launch answers 202
 * at once and a job owes the target one letter per signature, in batches, each exactly once.
 */
describe('launching a target late: the backfill', () => {
  const { stack, app } = useStack();
  let staff: ApiClient;

  beforeAll(async () => {
    ({ staff } = await newCampaigner(app));
  });

  it(`owes a late target exactly one letter for each of ${SIGNATURES.toLocaleString('en')} confirmed signatures`, async () => {
    const [first, late] = await createTargets(staff, 2);
    const campaign = await createLiveCampaign(staff, { targets: [first] });
    // paused, the letters are held in PostgreSQL rather than mailed: the test is about owing them
    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/pause`), 200);
    await stack.db.query(
      `WITH s AS (
         INSERT INTO supporters (email, first_name, last_name, country, verified_at)
         SELECT 'late' || g || '.' || $2 || '@supporters.example', 'Supporter' || g, 'Late', 'LB', now() FROM generate_series(1, $1::int) g
         RETURNING id
       )
       INSERT INTO signatures (campaign_id, supporter_id, status, confirmed_at) SELECT $3, id, 'confirmed', now() FROM s`,
      [SIGNATURES, uniq(), campaign.id],
    );
    // a pending and a withdrawn signature owe nothing
    await stack.db.query(
      `WITH s AS (
         INSERT INTO supporters (email, first_name, last_name, country)
         VALUES ('pending.' || $2 || '@supporters.example', 'P', 'Ending', 'LB'), ('withdrawn.' || $2 || '@supporters.example', 'W', 'Ithdrawn', 'LB')
         RETURNING id, email
       )
       INSERT INTO signatures (campaign_id, supporter_id, status)
       SELECT $1, id, CASE WHEN email LIKE 'pending.%' THEN 'pending' ELSE 'withdrawn' END FROM s`,
      [campaign.id, uniq()],
    );
    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets`, { targetId: late.id }), 201);

    const started = Date.now();
    const launch = await staff.post(`/api/campaigns/${campaign.id}/targets/${late.id}/launch`);
    const answeredIn = Date.now() - started;
    expect(launch.status).toBe(202);
    expect(launch.json).toMatchObject({ id: late.id, status: 'launched', backfill: 'queued', backfilledAt: null });
    expect(answeredIn).toBeLessThan(2000);

    // launching again while the job runs changes nothing and owes nothing twice
    const again = await staff.post(`/api/campaigns/${campaign.id}/targets/${late.id}/launch`);
    expect([200, 202]).toContain(again.status);
    expect(again.json.status).toBe('launched');

    const view = await waitFor(
      async () => {
        const c = expectStatus(await staff.get(`/api/campaigns/${campaign.id}`), 200);
        return c.targets.find((t: { id: string; backfilledAt: string | null }) => t.id === late.id && t.backfilledAt) ?? null;
      },
      'the backfill to finish (backfilledAt set)',
      { timeout: 60_000, interval: 200 },
    );
    expect(view.status).toBe('launched');

    const [owed] = await stack.db.query(
      `SELECT count(*)::int AS letters, count(DISTINCT d.signature_id)::int AS signatures,
              count(*) FILTER (WHERE s.status <> 'confirmed')::int AS unconfirmed,
              count(*) FILTER (WHERE d.status <> 'queued')::int AS not_queued
         FROM deliveries d JOIN signatures s ON s.id = d.signature_id
        WHERE d.campaign_id = $1 AND d.target_id = $2`,
      [campaign.id, late.id],
    );
    expect(owed).toEqual({ letters: SIGNATURES, signatures: SIGNATURES, unconfirmed: 0, not_queued: 0 });
    const missing = await stack.db.query(
      `SELECT s.id FROM signatures s
        WHERE s.campaign_id = $1 AND s.status = 'confirmed'
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.signature_id = s.id AND d.target_id = $2)`,
      [campaign.id, late.id],
    );
    expect(missing).toEqual([]);
    // the campaign is paused: nothing was mailed to the late target, and no letter of it was put
    // on the queue only to be held by the claim (the resume hands them over)
    expect(stack.smtp.to(late.email)).toEqual([]);
    const letters = app.app.get<Queue>(getQueueToken(QUEUES.letters));
    const sample: { id: string }[] = await stack.db.query(`SELECT id FROM deliveries WHERE campaign_id = $1 AND target_id = $2 ORDER BY random() LIMIT 200`, [
      campaign.id,
      late.id,
    ]);
    expect((await Promise.all(sample.map((l) => letters.getJob(l.id)))).filter(Boolean)).toEqual([]);

    const [audit] = expectStatus(await app.admin.get(`/api/admin/audit?subjectId=${campaign.id}&action=target.launch`), 200).items;
    expect(audit).toMatchObject({ details: { targetId: late.id } });

    // resuming answers at once: a worker hands the 10,000 held letters to the queue, and sending starts
    const resumeStarted = Date.now();
    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/launch`), 200);
    expect(Date.now() - resumeStarted).toBeLessThan(2000);
    await waitFor(async () => stack.smtp.to(late.email).length >= 200, 'held letters to be sent after the resume', { timeout: 60_000, interval: 200 });
    const sent = stack.smtp.to(late.email).map((m) => m.headers['x-appeal-delivery']);
    expect(new Set(sent).size).toBe(sent.length);
  }, 120_000);
});

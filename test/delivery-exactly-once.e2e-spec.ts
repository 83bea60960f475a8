import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { CampaignTargetsService } from '../src/campaigns/campaign-targets.service.js';
import { QUEUES } from '../src/queue/queues.js';
import { expectStatus } from './helpers/api-client.js';
import { campaignWithLetters, countByDelivery } from './helpers/bulk.js';
import { createLiveCampaign, createTargets, LETTER, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { confirmTokenIn } from './helpers/smtp-server.js';
import { clearRedisPrefix, startApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * Every confirmed signature owes each launched target exactly one letter, whichever of the two
 * paths that owe it (the confirmation, the launch backfill) runs first, and however often a
 * backfill runs; a letter a dead worker left half-sent is sent, once; a stopping worker finishes the
 * letters in its hands. Each sequence is driven
 * for real: an API-only application, and a worker started only when the test says so; the test's
 * SMTP server counts the letters each target receives.
 */
describe('each letter owed once and sent once: launch backfills, Redis losing jobs, workers dying or stopping', () => {
  const { stack, app: api } = useStack({ app: { ROLE: 'api' } });

  /** Runs `body` with a worker process's application started (on this test file's queues), then stops it. */
  async function withWorker<T>(body: () => Promise<T>): Promise<T> {
    const worker = await startApp(stack, { ROLE: 'worker' });
    try {
      return await body();
    } finally {
      await worker.stop();
    }
  }

  /** Until every launch of the campaign is backfilled and none of its letters is owed any more. */
  async function settled(campaignId: string) {
    await waitFor(
      async () => {
        const [r] = await stack.db.query(
          `SELECT (SELECT count(*)::int FROM campaign_targets WHERE campaign_id = $1 AND status = 'launched' AND backfilled_at IS NULL) AS backfilling,
                  (SELECT count(*)::int FROM deliveries WHERE campaign_id = $1 AND status IN ('queued', 'sending', 'retrying')) AS owed`,
          [campaignId],
        );
        return r.backfilling === 0 && r.owed === 0;
      },
      'every backfill done and every letter settled',
      { timeout: 30_000, interval: 100 },
    );
  }

  /** The letters `email` received, counted per signature they speak for (signature id → letters). */
  async function lettersPerSignature(campaignId: string, email: string): Promise<Map<string, number>> {
    const rows = await stack.db.query<{ id: string; signature_id: string }>(`SELECT id, signature_id FROM deliveries WHERE campaign_id = $1`, [campaignId]);
    const signatureOf = new Map(rows.map((r) => [r.id, r.signature_id]));
    const counts = new Map<string, number>();
    for (const m of stack.smtp.to(email)) {
      const signature = signatureOf.get(m.headers['x-appeal-delivery']) ?? `unknown letter ${m.headers['x-appeal-delivery']}`;
      counts.set(signature, (counts.get(signature) ?? 0) + 1);
    }
    return counts;
  }

  async function confirmedSignatures(campaignId: string): Promise<string[]> {
    const rows = await stack.db.query<{ id: string }>(`SELECT id FROM signatures WHERE campaign_id = $1 AND status = 'confirmed' ORDER BY id`, [campaignId]);
    return rows.map((r) => r.id);
  }

  /** Each confirmed signature of the campaign reached `email` in exactly one letter. */
  async function expectOneLetterPerSignature(campaignId: string, email: string) {
    const signatures = await confirmedSignatures(campaignId);
    const counts = await lettersPerSignature(campaignId, email);
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(signatures.map((id) => [id, 1])));
    expect(stack.smtp.to(email)).toHaveLength(signatures.length);
  }

  it('a signature confirmed while a new target waits for its launch backfill owes that target one letter, not two', async () => {
    const [first, late] = await createTargets(api.admin, 2);
    const campaign = await createLiveCampaign(api.admin, { targets: [first], body: { appeal: LETTER } });
    expectStatus(await api.admin.post(`/api/campaigns/${campaign.id}/targets`, { targetId: late.id }), 201);
    const tag = uniq();
    const early = supporter(1, tag);
    const confirming = supporter(2, tag);

    // with a worker: one supporter signs and confirms; another signs and gets the confirmation email
    let token = '';
    await withWorker(async () => {
      await signAndConfirm(api.api, stack.smtp, campaign.slug, early);
      expectStatus(await api.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, confirming), 202);
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(confirming.email) && !!m.headers['x-appeal-notification']);
      token = confirmTokenIn(mail);
      await stack.smtp.waitFor((m) => m.rcptTo.includes(first.email));
    });

    // no worker runs: the late target is launched (its backfill job waits in Redis), then the
    // second supporter confirms, which owes the late target a letter at once
    const launched = expectStatus(await api.admin.post(`/api/campaigns/${campaign.id}/targets/${late.id}/launch`), 202);
    expect(launched).toMatchObject({ status: 'launched', backfill: 'queued' });
    expectStatus(await api.api.post('/api/public/signatures/confirm', { token }), 200);
    expect(stack.smtp.to(late.email)).toEqual([]);

    // a worker starts: the backfill runs after the confirmation, over both signatures
    await withWorker(() => settled(campaign.id));

    const toLate = stack.smtp.to(late.email);
    expect(toLate.filter((m) => m.text.includes('Amal1 Haddad'))).toHaveLength(1);
    expect(toLate.filter((m) => m.text.includes('Amal2 Haddad'))).toHaveLength(1);
    await expectOneLetterPerSignature(campaign.id, late.email);
    await expectOneLetterPerSignature(campaign.id, first.email);
    // above its waits (two worker starts, 20 s for each email, 30 s to settle)
  }, 120_000);

  it('a launch backfill started again after Redis lost its job owes each signature one letter, not one per start', async () => {
    const c = await campaignWithLetters(api.admin, stack.db, { targets: 1, signatures: 3, body: { appeal: LETTER } });
    await c.go();
    const [target] = c.targets;

    // a worker runs the backfill: its batch commits (and its letters are enqueued), then Redis
    // loses everything (the job, its progress, the letters' jobs) before the worker records its
    // progress, which fails as BullMQ's would on a job that is gone
    await expect(
      api.app.get(CampaignTargetsService).runBackfill({ campaignId: c.id, targetId: target.id, after: null }, async () => {
        await clearRedisPrefix(stack.redis, stack.prefix);
        throw new Error('Missing key for job (Redis lost it)');
      }),
    ).rejects.toThrow('Missing key');
    const [launch] = await stack.db.query(`SELECT backfilled_at FROM campaign_targets WHERE campaign_id = $1`, [c.id]);
    expect(launch.backfilled_at).toBeNull();
    expect(await api.app.get<Queue>(getQueueToken(QUEUES.maintenance)).getJob(`backfill-${c.id}-${target.id}`)).toBeUndefined();

    // a worker starts: its reconciler finds the unfinished launch and backfills it again, from the start
    await withWorker(() => settled(c.id));

    await expectOneLetterPerSignature(c.id, target.email);
    expect(stack.smtp.to(target.email)).toHaveLength(3);
  }, 90_000);

  it('a launch backfill retried after committing a batch but before recording its progress owes each signature one letter', async () => {
    const c = await campaignWithLetters(api.admin, stack.db, { targets: 1, signatures: 3, body: { appeal: LETTER } });
    await c.go();
    const [target] = c.targets;
    const job = { campaignId: c.id, targetId: target.id, after: null };

    // the job's first attempt commits its batch and dies before recording its progress
    await expect(
      api.app.get(CampaignTargetsService).runBackfill(job, async () => {
        throw new Error('the worker stopped before recording its progress');
      }),
    ).rejects.toThrow('stopped');
    // so the job, still in the queue, says where it started: its next attempt runs that batch again
    const queued = await api.app.get<Queue>(getQueueToken(QUEUES.maintenance)).getJob(`backfill-${c.id}-${target.id}`);
    expect(queued?.data).toEqual(job);

    await withWorker(() => settled(c.id));

    await expectOneLetterPerSignature(c.id, target.email);
    expect(stack.smtp.to(target.email)).toHaveLength(3);
  }, 90_000);

  it('a letter left in `sending` by a worker that died is taken back after SENDING_LEASE_SECONDS and sent once', async () => {
    const [target] = await createTargets(api.admin, 1);
    const campaign = await createLiveCampaign(api.admin, { targets: [target], body: { requireConfirmation: false, appeal: LETTER } });
    expectStatus(await api.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, supporter(1)), 202);
    // what a worker killed in the middle of the SMTP conversation leaves behind: the row claimed
    // (attempt 1, in `sending`) longer ago than the lease, and nothing recorded
    const [left] = await stack.db.query(
      `UPDATE deliveries SET status = 'sending', attempts = 1, claimed_at = now() - interval '1 hour' WHERE campaign_id = $1 RETURNING id`,
      [campaign.id],
    );
    expect(left).toBeDefined();

    await withWorker(() => settled(campaign.id));

    const [row] = await stack.db.query(`SELECT status, attempts FROM deliveries WHERE id = $1`, [left.id]);
    expect(row).toEqual({ status: 'sent', attempts: 2 });
    expect(stack.smtp.to(target.email).map((m) => m.headers['x-appeal-delivery'])).toEqual([left.id]);
  }, 90_000);

  it('a worker stopping (SIGTERM) finishes the letters in its hands first, and leaves the others owed', async () => {
    const [target] = await createTargets(api.admin, 1);
    const campaign = await createLiveCampaign(api.admin, { targets: [target], body: { requireConfirmation: false } });
    const tag = uniq();
    for (let i = 0; i < 6; i++) expectStatus(await api.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, supporter(i, tag)), 202);
    const statuses = async () =>
      Object.fromEntries(
        (await stack.db.query(`SELECT status, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY 1`, [campaign.id])).map((r) => [
          r.status,
          r.n,
        ]),
      );

    let release!: () => void;
    stack.smtp.faults = { hold: new Promise<void>((r) => (release = r)) };
    try {
      // two letters in hand (WORKER_CONCURRENCY=2), both in the middle of their SMTP conversation
      const worker = await startApp(stack, { ROLE: 'worker', WORKER_CONCURRENCY: '2' });
      await waitFor(() => stack.smtp.holding === 2, 'the worker to have two letters at the SMTP server');
      // the worker is told to stop (main.ts closes the application on SIGTERM); the server then answers
      const stopping = worker.stop();
      release();
      await stopping;
    } finally {
      release();
      stack.smtp.faults = {};
    }
    // the two letters in hand were recorded as sent; nothing was left half-done; the rest is owed
    expect(await statuses()).toEqual({ sent: 2, queued: 4 });
    expect(stack.smtp.to(target.email)).toHaveLength(2);

    await withWorker(() => settled(campaign.id));
    expect(await statuses()).toEqual({ sent: 6 });
    const counts = countByDelivery(stack.smtp.to(target.email));
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1, 1]);
  }, 90_000);
});

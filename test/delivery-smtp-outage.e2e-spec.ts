import { expectStatus } from './helpers/api-client.js';
import { expectEachSentExactlyOnce, waitAllSent } from './helpers/bulk.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const OUTAGE_MS = 120_000;

/**
 * The SMTP server is down for two minutes while supporters keep signing: signing answers as it
 * always does (no request waits for SMTP), letters wait without spending their attempts, and the
 * whole backlog goes out once the server is back.
 */
describe('the SMTP server down for two minutes', () => {
  const { stack, app } = useStack({ app: { DELIVERY_MAX_ATTEMPTS: '3', SMTP_OUTAGE_MAX_PAUSE_MS: '5000' } });

  it('keeps signing answering and drains the backlog once the server is back', async () => {
    const targets = await createTargets(app.admin, 2);
    // no confirmation step, so every signature owes its letters at once
    const campaign = await createLiveCampaign(app.admin, { targets, body: { requireConfirmation: false } });
    const tag = uniq();
    const sign = async (i: number) => {
      const started = performance.now();
      const r = await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, supporter(i, tag));
      return { status: r.status, body: r.json, ms: performance.now() - started };
    };

    const before = [];
    for (let i = 0; i < 20; i++) before.push(await sign(i));
    await waitAllSent(stack.db, campaign.id, 40);

    await stack.smtp.stop();
    const downSince = Date.now();
    const during = [];
    let i = 100;
    while (Date.now() - downSince < OUTAGE_MS) {
      during.push(await sign(i++));
      await waitFor(() => Date.now() - downSince > (during.length * OUTAGE_MS) / 120 || Date.now() - downSince >= OUTAGE_MS, 'the next second of the outage', {
        interval: 100,
        timeout: OUTAGE_MS,
      });
    }
    // every signing was answered as usual
    expect(during.length).toBeGreaterThanOrEqual(100);
    expect(during.every((r) => r.status === 202 && r.body.status === 'confirmed')).toBe(true);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.info(
      `signing latency: median ${median(before.map((r) => r.ms)).toFixed(1)} ms before, ${median(during.map((r) => r.ms)).toFixed(1)} ms during the outage`,
    );
    // the letters wait, none has failed or spent its attempts
    const owed = await stack.db.query(`SELECT status, attempts FROM deliveries WHERE campaign_id = $1 AND status <> 'sent'`, [campaign.id]);
    expect(owed.length).toBe(during.length * 2);
    expect(owed.every((d) => ['queued', 'sending'].includes(d.status) && d.attempts === 0)).toBe(true);
    const [{ n: unreachable }] = await stack.db.query(`SELECT count(*)::int AS n FROM delivery_attempts WHERE outcome = 'unreachable'`);
    expect(unreachable).toBeGreaterThan(0);

    await stack.smtp.start();
    const expected = (before.length + during.length) * 2;
    await waitAllSent(stack.db, campaign.id, expected, 60_000);
    await expectEachSentExactlyOnce(
      stack.db,
      stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === campaign.slug),
      campaign.id,
      expected,
    );
    expectStatus(await app.admin.get('/api/admin/stats'), 200);
  }, 300_000);
});

import { expectStatus } from './helpers/api-client.js';
import { campaignWithLetters as bulkCampaign, expectEachSentExactlyOnce } from './helpers/bulk.js';
import { createLiveCampaign, createTargets, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * Delivery under SMTP faults: refusals, drops, a refused address; and the campaign's own rules:
 * pause, pacing, digest. Each ends with every owed letter received exactly once.
 */
describe('delivery that survives failure', () => {
  const { stack, app } = useStack({ app: { TARGET_PACING_WINDOW_SECONDS: '2', DIGEST_GRACE_SECONDS: '0', DELIVERY_MAX_ATTEMPTS: '10' } });

  afterEach(() => {
    stack.smtp.faults = {};
  });

  const lettersOf = (slug: string) => stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === slug);
  const allSent = (campaignId: string, n: number) =>
    waitFor(
      async () => {
        const [r] = await stack.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaignId]);
        return r.n === n;
      },
      `${n} letters sent`,
      { timeout: 45_000 },
    );

  const campaignWithLetters = (targets: number, signatures: number, body: Record<string, unknown> = {}) =>
    bulkCampaign(app.admin, stack.db, { targets, signatures, body });

  it('retries 4xx answers and dropped connections until every letter is delivered, once', async () => {
    const c = await campaignWithLetters(2, 60);
    stack.smtp.faults = { tempfailFirst: 50, dropFirst: 5 };
    await c.go();
    await allSent(c.id, 120);
    expect(stack.smtp.faults.tempfailFirst).toBe(0);
    expect(stack.smtp.faults.dropFirst).toBe(0);
    await expectEachSentExactlyOnce(stack.db, lettersOf(c.slug), c.id, 120);
    // the history shows the refusals
    const [{ n }] = await stack.db.query(
      `SELECT count(*)::int AS n FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
        WHERE d.campaign_id = $1 AND a.outcome = 'temporary_failure' AND a.response LIKE '421%'`,
      [c.id],
    );
    expect(n).toBe(50);
  });

  it("fails at once, with the server's answer, the letters to an address the server refuses; the others arrive", async () => {
    const c = await campaignWithLetters(3, 20);
    const refused = c.targets[1];
    stack.smtp.faults = { permfailRcpt: new RegExp(refused.email.replace(/[.+]/g, '\\$&')) };
    await c.go();
    await waitFor(
      async () => {
        const [r] = await stack.db.query(
          `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'failed')::int AS failed
           FROM deliveries WHERE campaign_id = $1`,
          [c.id],
        );
        return r.sent === 40 && r.failed === 20;
      },
      '40 sent and 20 failed',
      { timeout: 30_000 },
    );
    const failed = await stack.db.query(`SELECT attempts, last_error, target_id FROM deliveries WHERE campaign_id = $1 AND status = 'failed'`, [c.id]);
    expect(failed.every((d) => d.target_id === refused.id && d.attempts === 1 && /^550 .*no such user/.test(d.last_error))).toBe(true);
    expect(lettersOf(c.slug).filter((m) => m.rcptTo.includes(refused.email))).toHaveLength(0);
    expect(lettersOf(c.slug)).toHaveLength(40);
  });

  it('holds every unsent letter while the campaign is paused, and sends them all after it resumes', async () => {
    const c = await campaignWithLetters(2, 300);
    stack.smtp.faults = { delayMs: 5 };
    await c.go();
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === c.slug, 40);
    expectStatus(await app.admin.post(`/api/campaigns/${c.id}/pause`), 200);
    // letters already in an SMTP conversation finish; nothing new starts
    await waitFor(async () => {
      const [r] = await stack.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'sending'`, [c.id]);
      return r.n === 0;
    }, 'no letter in flight');
    const atPause = lettersOf(c.slug).length;
    const [held] = await stack.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status IN ('queued', 'retrying')`, [c.id]);
    expect(held.n).toBeGreaterThan(0);
    // a reconciler pass runs every second: it must not wake held letters
    await waitFor(
      async () =>
        (
          await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND updated_at < now() - interval '2 seconds' AND status = 'queued' LIMIT 1`, [
            c.id,
          ])
        ).length > 0,
      'held letters to age past two reconciler passes',
    );
    expect(lettersOf(c.slug)).toHaveLength(atPause);

    expectStatus(await app.admin.post(`/api/campaigns/${c.id}/launch`), 200);
    await allSent(c.id, 600);
    await expectEachSentExactlyOnce(stack.db, lettersOf(c.slug), c.id, 600);
  });

  it('never sends a target more than maxPerTargetPerHour letters in a window, and defers the rest', async () => {
    const c = await campaignWithLetters(1, 15, { delivery: { mode: 'individual', maxPerTargetPerHour: 4 } });
    const before = Date.now();
    await c.go();
    await allSent(c.id, 15);
    const letters = lettersOf(c.slug);
    await expectEachSentExactlyOnce(stack.db, letters, c.id, 15);
    // windows are 2 s long in this test (TARGET_PACING_WINDOW_SECONDS): at most 4 letters in each
    const rows = await stack.db.query<{ sent_at: Date }>(`SELECT sent_at FROM deliveries WHERE campaign_id = $1`, [c.id]);
    const perWindow = new Map<number, number>();
    for (const r of rows) {
      const w = Math.floor(new Date(r.sent_at).getTime() / 2000);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(4);
    expect(perWindow.size).toBeGreaterThanOrEqual(4);
    expect(Date.now() - before).toBeGreaterThan(2 * 2000);
    // deferring is not failing: no attempt was spent on waiting
    const attempts = await stack.db.query(`SELECT DISTINCT attempts FROM deliveries WHERE campaign_id = $1`, [c.id]);
    expect(attempts).toEqual([{ attempts: 1 }]);
  });

  it('in digest mode sends each target one letter per interval listing every signatory of it', async () => {
    const targets = await createTargets(app.admin, 2);
    const campaign = await createLiveCampaign(app.admin, {
      targets,
      body: {
        appeal: {
          subject: '{{signatureCount}} people ask you to act',
          body: 'Dear {{target.name}},\n\n{{signatureCount}} people signed "{{campaign.title}}":\n\n{{signatories}}',
        },
        delivery: { mode: 'digest', digestIntervalMinutes: 5 },
      },
    });
    const tag = uniq();
    const people = [0, 1, 2].map((i) => ({ ...supporter(i, tag), lastName: `Digest${i}` }));
    for (const s of people) await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
    // confirmation owes no individual letter in digest mode
    expect(await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1`, [campaign.id])).toHaveLength(0);
    // move the confirmations into the previous five-minute period, which is now over
    await stack.db.query(`UPDATE signatures SET confirmed_at = now() - interval '6 minutes' WHERE campaign_id = $1`, [campaign.id]);

    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug, 2, 30_000);
    const rows = await waitFor(async () => {
      const r = await stack.db.query(`SELECT id, target_id, status FROM deliveries WHERE campaign_id = $1`, [campaign.id]);
      return r.length === 2 && r.every((d) => d.status === 'sent') ? r : null;
    }, 'two digest letters sent');
    expect(new Set(rows.map((r) => r.target_id))).toEqual(new Set(targets.map((t) => t.id)));
    const letters = lettersOf(campaign.slug);
    expect(letters).toHaveLength(2);
    for (const m of letters) {
      expect(m.subject).toBe('3 people ask you to act');
      for (const p of people) expect(m.text).toContain(`${p.firstName} ${p.lastName}, Lebanon`);
      expect(m.parsed.from?.value).toEqual([{ name: 'Test Org', address: 'appeals@campaigns.example' }]);
    }
    // the next passes find nothing new to list: still one letter per target for that period
    const newer = { ...supporter(9, tag), lastName: 'Later' };
    await signAndConfirm(app.api, stack.smtp, campaign.slug, newer);
    await waitFor(
      async () =>
        (await stack.db.query(`SELECT 1 FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.campaign_id = $1`, [campaign.id])).length ===
        2,
      'the digests recorded',
    );
    expect(await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1`, [campaign.id])).toHaveLength(2);
  });
});

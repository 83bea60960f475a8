import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter } from './helpers/fixtures.js';
import { confirmTokenIn } from './helpers/smtp-server.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/** The same person pressing "sign" a hundred times at once: one signature, one email, one letter per target. */
describe('100 identical signing requests in parallel', () => {
  const { stack, app } = useStack();

  it('make one signature, one confirmation email and, once confirmed, one letter per target', async () => {
    const targets = await createTargets(app.admin, 3);
    const campaign = await createLiveCampaign(app.admin, { targets });
    const s = { ...supporter(1), comment: 'Once is enough.' };
    const answers = await Promise.all(Array.from({ length: 100 }, () => app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s)));
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`))).toEqual(new Set(['202 {"status":"pending_confirmation"}']));

    expect(await stack.db.query(`SELECT id FROM supporters WHERE email = $1`, [s.email])).toHaveLength(1);
    expect(await stack.db.query(`SELECT id FROM signatures WHERE campaign_id = $1`, [campaign.id])).toHaveLength(1);
    const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email));
    const notifications = await stack.db.query(`SELECT n.id FROM notifications n JOIN signatures g ON g.id = n.signature_id WHERE g.campaign_id = $1`, [
      campaign.id,
    ]);
    expect(notifications).toHaveLength(1);

    // the same confirmation link opened many times at once
    const token = confirmTokenIn(mail);
    const confirms = await Promise.all(Array.from({ length: 20 }, () => app.api.post('/api/public/signatures/confirm', { token })));
    expect(new Set(confirms.map((r) => r.status))).toEqual(new Set([200]));
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug, 3);
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id])).length === 3,
      'three letters sent',
    );
    expect(await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1`, [campaign.id])).toHaveLength(3);
    // one confirmation email (a thank-you follows the confirmation)
    expect(stack.smtp.received.filter((m) => m.rcptTo.includes(s.email) && !!m.headers['x-appeal-notification'])).toHaveLength(1);
    const letters = stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === campaign.slug);
    expect(letters.map((m) => m.rcptTo[0]).sort()).toEqual(targets.map((t) => t.email).sort());
    expectStatus(await app.admin.get('/api/admin/stats'), 200);
  });

  it('a crowd signing together (signings share statements): each person once per campaign, their own details, one email each', async () => {
    const targets = await createTargets(app.admin, 1);
    const first = await createLiveCampaign(app.admin, { targets });
    const second = await createLiveCampaign(app.admin, { targets });
    const people = Array.from({ length: 120 }, (_, i) => ({ ...supporter(i), lastName: `Haddad-${i}`, postcode: `P${i}` }));
    const sign = (slug: string, p: (typeof people)[number]) => app.api.post(`/api/public/campaigns/${slug}/signatures`, p);
    // everyone signs the first campaign, a third of them twice at the same moment, and a third also sign the second
    const answers = await Promise.all([
      ...people.map((p) => sign(first.slug, p)),
      ...people.filter((_, i) => i % 3 === 0).map((p) => sign(first.slug, p)),
      ...people.filter((_, i) => i % 3 === 1).map((p) => sign(second.slug, p)),
    ]);
    expect(new Set(answers.map((a) => `${a.status} ${a.text}`))).toEqual(new Set(['202 {"status":"pending_confirmation"}']));

    const rows: { email: string; last_name: string; postcode: string; campaign_id: string }[] = await stack.db.query(
      `SELECT p.email, p.last_name, p.postcode, g.campaign_id FROM signatures g JOIN supporters p ON p.id = g.supporter_id WHERE g.campaign_id = ANY($1)`,
      [[first.id, second.id]],
    );
    expect(rows.filter((r) => r.campaign_id === first.id)).toHaveLength(people.length);
    expect(rows.filter((r) => r.campaign_id === second.id)).toHaveLength(people.length / 3);
    for (const r of rows) {
      const i = people.findIndex((p) => p.email === r.email);
      expect([r.last_name, r.postcode]).toEqual([`Haddad-${i}`, `P${i}`]);
    }
    const emails: { campaign_id: string; n: number }[] = await stack.db.query(
      `SELECT g.campaign_id, count(*)::int AS n FROM notifications n JOIN signatures g ON g.id = n.signature_id
        WHERE g.campaign_id = ANY($1) AND n.kind = 'confirm_signature' GROUP BY g.campaign_id, g.id`,
      [[first.id, second.id]],
    );
    expect(emails.every((e) => e.n === 1)).toBe(true);
    expect(emails).toHaveLength(people.length + people.length / 3);
  });

  it('a signing for a campaign paused a moment ago is refused in the same batch as signings that are taken', async () => {
    const targets = await createTargets(app.admin, 1);
    const live = await createLiveCampaign(app.admin, { targets });
    const paused = await createLiveCampaign(app.admin, { targets });
    expectStatus(await app.api.post(`/api/public/campaigns/${paused.slug}/signatures`, supporter(0)), 202); // remembered as live
    expectStatus(await app.admin.post(`/api/campaigns/${paused.id}/pause`), 200);
    const [a, b, c] = await Promise.all([
      app.api.post(`/api/public/campaigns/${live.slug}/signatures`, supporter(1)),
      app.api.post(`/api/public/campaigns/${paused.slug}/signatures`, supporter(2)),
      app.api.post(`/api/public/campaigns/${live.slug}/signatures`, supporter(3)),
    ]);
    expect([a.status, b.status, c.status]).toEqual([202, 409, 202]);
    expect(await stack.db.query(`SELECT 1 FROM signatures WHERE campaign_id = $1`, [live.id])).toHaveLength(2);
    expect(await stack.db.query(`SELECT 1 FROM signatures WHERE campaign_id = $1`, [paused.id])).toHaveLength(1);
  });
});

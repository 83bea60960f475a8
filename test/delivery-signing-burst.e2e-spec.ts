import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter } from './helpers/fixtures.js';
import { confirmTokenIn } from './helpers/smtp-server.js';
import { startApp, startStack, type RunningApp, type Stack } from './helpers/stack.js';
import { waitFor } from './helpers/wait.js';

/** The same person pressing "sign" a hundred times at once: one signature, one email, one letter per target. */
describe('100 identical signing requests in parallel', () => {
  let stack: Stack;
  let app: RunningApp;

  beforeAll(async () => {
    stack = await startStack();
    app = await startApp(stack);
  });
  afterAll(async () => {
    await app?.stop();
    await stack?.stop();
  });

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
});

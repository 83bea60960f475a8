import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { confirmTokenIn } from './helpers/smtp-server.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/** The main flow: sign → confirmation email → confirm → one letter per launched target, sent once. */
describe('the appeal pipeline', () => {
  const { stack, app } = useStack();

  const letters = (slug: string) => stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === slug);
  const confirmationsTo = (email: string) => stack.smtp.received.filter((m) => m.rcptTo.includes(email) && m.headers['x-appeal-notification']);

  it('delivers one letter per supporter per launched target, each exactly once, and records them as sent', async () => {
    const targets = await createTargets(app.admin, 3);
    const campaign = await createLiveCampaign(app.admin, { targets });
    const tag = uniq();
    const supporters = [0, 1, 2, 3].map((i) => ({ ...supporter(i, tag), comment: `Message number ${i}` }));

    for (const s of supporters) {
      const r = await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s);
      expect(r.status).toBe(202);
      expect(r.json).toEqual({ status: 'pending_confirmation' });
    }
    // nothing is owed to the officials before confirmation
    expect(await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1`, [campaign.id])).toHaveLength(0);

    for (const s of supporters) {
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email) && !!m.headers['x-appeal-notification']);
      const r = await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(mail) });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ status: 'confirmed', campaign: { slug: campaign.slug, title: 'Stop the assault on Homs' } });
    }

    const expected = supporters.length * targets.length;
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug, expected);
    const rows = await waitFor(async () => {
      const r = await stack.db.query(`SELECT id, status, attempts, message_id FROM deliveries WHERE campaign_id = $1`, [campaign.id]);
      return r.length === expected && r.every((d) => d.status === 'sent') ? r : null;
    }, 'every delivery row to say sent');

    const received = letters(campaign.slug);
    expect(received).toHaveLength(expected);
    expect(new Set(received.map((m) => m.headers['x-appeal-delivery'])).size).toBe(expected);
    expect(new Set(received.map((m) => m.headers['x-appeal-delivery']))).toEqual(new Set(rows.map((r) => r.id)));
    for (const s of supporters) {
      const mine = received.filter((m) => m.headers['reply-to'] === s.email);
      expect(mine.map((m) => m.rcptTo[0]).sort()).toEqual(targets.map((t) => t.email).sort());
      for (const m of mine) {
        expect(m.text).toContain(`${s.firstName} ${s.lastName}, Lebanon`);
        expect(m.text).toContain(s.comment);
      }
    }
    for (const t of targets) {
      const mine = received.filter((m) => m.rcptTo.includes(t.email));
      expect(mine).toHaveLength(supporters.length);
      expect(mine.every((m) => m.text.includes(`Dear Minister of Foreign Affairs ${t.name},`))).toBe(true);
    }

    // the admin read models agree with the rows
    const stats = expectStatus(await app.admin.get('/api/admin/stats'), 200);
    const row = stats.campaigns.find((c: { id: string }) => c.id === campaign.id);
    expect(row.signatures).toEqual({ pending: 0, confirmed: 4, withdrawn: 0 });
    expect(row.deliveries).toMatchObject({ sent: expected, queued: 0, failed: 0 });
    expect(row.sentLastHour).toBe(expected);
    expect(stats.queues.appeals).toEqual(expect.objectContaining({ waiting: 0, active: 0 }));
    const listed = expectStatus(await app.admin.get(`/api/admin/deliveries?campaignId=${campaign.id}&status=sent&limit=500`), 200);
    expect(listed.items).toHaveLength(expected);
    expect(listed.nextCursor).toBeNull();
  });

  it('puts the letter on the wire exactly as specified', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    const s = { firstName: 'Marie', lastName: 'Dupont', email: `Marie.Dupont.${uniq()}@Supporters.Example `, country: 'fr', comment: 'Stop the shelling now.' };
    const email = s.email.trim().toLowerCase();
    await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
    const [letter] = await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug);
    const [row] = await stack.db.query(`SELECT id FROM deliveries WHERE campaign_id = $1`, [campaign.id]);

    // From: the organisation's address under the supporter's name (nodemailer quotes the phrase only when it must)
    expect(letter.parsed.from?.value).toEqual([{ name: 'Marie Dupont via Test Org', address: 'appeals@campaigns.example' }]);
    expect(letter.headers.from).not.toContain(email);
    expect(letter.headers['reply-to']).toBe(email);
    expect(letter.headers.to).toBe(target.email);
    expect(letter.subject).toBe('Use your influence to stop the assault on Homs');
    expect(letter.headers['message-id']).toBe(`<${row.id}@campaigns.example>`);
    expect(letter.headers['x-appeal-campaign']).toBe(campaign.slug);
    expect(letter.headers['x-appeal-delivery']).toBe(row.id);
    expect(letter.mailFrom).toBe(`bounces+${row.id}@campaigns.example`);
    expect(letter.rcptTo).toEqual([target.email]);
    expect(letter.text).toBe(
      `Dear Minister of Foreign Affairs ${target.name},\n\nI urge State 0 to make clear, publicly and in private, ` +
        'that the military assault on Homs must end immediately.\n\nStop the shelling now.\n\nYours sincerely,\nMarie Dupont, France',
    );
    expect(letter.html).toContain('<p>Stop the shelling now.</p>');
    // the supporter's address appears only in Reply-To
    expect(letter.raw.split(email).length - 1).toBe(1);
    const [delivery] = await waitFor(
      () => stack.db.query(`SELECT status, message_id, smtp_response FROM deliveries WHERE id = $1 AND status = 'sent'`, [row.id]),
      'the delivery to be marked sent',
    );
    expect(delivery.message_id).toBe(`<${row.id}@campaigns.example>`);
    expect(delivery.smtp_response).toMatch(/^250 /);
  });

  it('signing twice makes no second signature and answers the same', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    const s = supporter(1);
    const first = await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s);
    const second = await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, { ...s, email: s.email.toUpperCase() });
    expect(second.status).toBe(first.status);
    expect(second.json).toEqual(first.json);
    expect(await stack.db.query(`SELECT id FROM signatures WHERE campaign_id = $1`, [campaign.id])).toHaveLength(1);
    expect(await stack.db.query(`SELECT id FROM supporters WHERE email = $1`, [s.email])).toHaveLength(1);
    // one confirmation email is owed, not two
    await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email));
    expect(
      await stack.db.query(`SELECT n.id FROM notifications n JOIN signatures g ON g.id = n.signature_id WHERE g.campaign_id = $1`, [campaign.id]),
    ).toHaveLength(1);

    // after confirming, signing again still answers the same and owes nothing new
    expectStatus(await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(confirmationsTo(s.email)[0]) }), 200);
    const third = await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s);
    expect(third.status).toBe(202);
    expect(third.json).toEqual(first.json);
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug);
    expect(await stack.db.query(`SELECT id FROM deliveries WHERE campaign_id = $1`, [campaign.id])).toHaveLength(1);
    expect(confirmationsTo(s.email)).toHaveLength(1);
  });

  it('confirming twice is idempotent: the same answer, no second letter', async () => {
    const targets = await createTargets(app.admin, 2);
    const campaign = await createLiveCampaign(app.admin, { targets });
    const s = supporter(2);
    const token = await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
    const again = await app.api.post('/api/public/signatures/confirm', { token });
    expect(again.status).toBe(200);
    expect(again.json.status).toBe('confirmed');
    const page = await app.api.get(`/confirm/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('already confirmed');
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug, 2);
    expect(await stack.db.query(`SELECT id FROM deliveries WHERE campaign_id = $1`, [campaign.id])).toHaveLength(2);
    expect(letters(campaign.slug)).toHaveLength(2);
  });

  it('refuses an expired, unknown or malformed token with 404 and changes nothing', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    const s = supporter(3);
    expectStatus(await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s), 202);
    const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email));
    const token = confirmTokenIn(mail);
    // tokens are stored hashed: the email's token is not in the database
    expect(await stack.db.query(`SELECT 1 FROM signature_tokens WHERE encode(token_hash, 'escape') LIKE $1`, [`%${token}%`])).toHaveLength(0);
    await stack.db.query(`UPDATE signature_tokens SET expires_at = now() - interval '1 second' WHERE purpose = 'confirm'`);

    const expired = await app.api.post('/api/public/signatures/confirm', { token });
    expect(expired.status).toBe(404);
    expect(expired.json).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await app.api.post('/api/public/signatures/confirm', { token: 'x'.repeat(43) })).status).toBe(404);
    expect((await app.api.post('/api/public/signatures/confirm', { token: 'not-a-token' })).status).toBe(404);
    expect((await app.api.get(`/confirm/${token}`)).status).toBe(404);
    const [sig] = await stack.db.query(`SELECT status FROM signatures WHERE campaign_id = $1`, [campaign.id]);
    expect(sig.status).toBe('pending');
    expect(await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1`, [campaign.id])).toHaveLength(0);
  });
});

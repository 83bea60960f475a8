import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter } from './helpers/fixtures.js';
import { confirmTokenIn, type ReceivedMail } from './helpers/smtp-server.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * The campaign page invites a supporter who got no email to sign again. Doing so before
 * confirming must never lose what the first signing gave (an empty box keeps the earlier value,
 * a new value replaces it), and owes the confirmation email again, within the flood cap: none
 * while one is unsent or was made in the last two minutes, at most 3 an hour to one address
 * (src/signatures/signing.sql.ts).
 */
describe('signing again before confirming', () => {
  const { stack, app } = useStack();

  const confirmationsTo = (email: string) => (m: ReceivedMail) => m.rcptTo.includes(email) && m.headers['x-appeal-notification'] !== undefined;
  const notificationsOf = (email: string) =>
    stack.db.query<{ id: string; status: string }>(
      `SELECT n.id, n.status FROM notifications n JOIN signatures g ON g.id = n.signature_id JOIN supporters p ON p.id = g.supporter_id
        WHERE p.email = $1 AND n.kind = 'confirm_signature' ORDER BY n.created_at`,
      [email],
    );
  /** what the admin's export shows of the supporter and their one signature */
  const exported = async (email: string) => {
    const e = expectStatus(await app.admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(email)}`), 200);
    return { postcode: e.supporter.postcode, comment: e.signatures[0].comment, source: e.signatures[0].source, signatures: e.signatures.length };
  };
  /** every confirmation email to the address is recorded as sent (the record follows the server's answer, by a few ms) */
  const recordedSent = (email: string) =>
    waitFor(async () => (await notificationsOf(email)).every((n) => n.status === 'sent') || null, `the emails to ${email} recorded as sent`);
  /** the two-minute window of the flood cap is over for the emails already made (and sent): they were made 3 minutes ago */
  const ageEmails = async (email: string) => {
    await recordedSent(email);
    await stack.db.query(
      `UPDATE notifications n SET created_at = n.created_at - interval '3 minutes'
         FROM signatures g JOIN supporters p ON p.id = g.supporter_id WHERE g.id = n.signature_id AND p.email = $1`,
      [email],
    );
  };

  it('keeps the first signing’s message, postcode and source when the boxes are left empty, sends the confirmation again, and the letter carries the message', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    const s = { ...supporter(1), postcode: '1100', comment: 'Civilians in Baba Amr must be protected.', source: 'newsletter-2012-02' };
    const sign = (body: Record<string, unknown>) => app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, body);
    const { postcode: _p, comment: _c, source: _s, ...required } = s;

    expectStatus(await sign(s), 202);
    await stack.smtp.waitFor(confirmationsTo(s.email));

    // signing again at once, the optional boxes empty (as the form sends them): nothing is lost, and
    // no second email yet (the first was made less than two minutes ago)
    expectStatus(await sign({ ...required, postcode: '', comment: '' }), 202);
    expect(await exported(s.email)).toEqual({ postcode: '1100', comment: s.comment, source: s.source, signatures: 1 });
    expect(await notificationsOf(s.email)).toHaveLength(1);

    // later (the first email made over two minutes ago), the supporter signs again with the boxes
    // empty, the source left out: the email is sent again, and nothing is lost
    await ageEmails(s.email);
    expectStatus(await sign({ ...required, postcode: '', comment: '' }), 202);
    expect(await exported(s.email)).toEqual({ postcode: '1100', comment: s.comment, source: s.source, signatures: 1 });
    const [, second] = await stack.smtp.waitFor(confirmationsTo(s.email), 2);
    await recordedSent(s.email);
    expect((await notificationsOf(s.email)).map((n) => n.status)).toEqual(['sent', 'sent']);

    // the second email's link confirms; the letter carries the first signing's words
    expectStatus(await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(second) }), 200);
    const [letter] = await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug && m.rcptTo.includes(target.email));
    expect(letter.text).toContain(s.comment);
  });

  it('takes a new value given by a later signing, and keeps to the cap: at most 3 confirmation emails an hour to one address', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    const s = supporter(2);
    const sign = (body: Record<string, unknown>) => app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, body);

    // the first signing gives no message nor postcode; the second gives both
    expectStatus(await sign(s), 202);
    await stack.smtp.waitFor(confirmationsTo(s.email));
    await ageEmails(s.email);
    expectStatus(await sign({ ...s, postcode: '11000', comment: 'Stop the shelling now.' }), 202);
    expect(await exported(s.email)).toMatchObject({ postcode: '11000', comment: 'Stop the shelling now.' });
    // a third changes the message only
    await stack.smtp.waitFor(confirmationsTo(s.email), 2);
    await ageEmails(s.email);
    expectStatus(await sign({ ...s, comment: 'Stop the shelling of Homs now.' }), 202);
    expect(await exported(s.email)).toMatchObject({ postcode: '11000', comment: 'Stop the shelling of Homs now.' });
    await stack.smtp.waitFor(confirmationsTo(s.email), 3);

    // a fourth signing within the hour: its words are kept, but no fourth email is owed
    await ageEmails(s.email);
    expectStatus(await sign({ ...s, comment: 'Fourth time.' }), 202);
    expect(await exported(s.email)).toMatchObject({ postcode: '11000', comment: 'Fourth time.' });
    expect(await notificationsOf(s.email)).toHaveLength(3);
  });
});

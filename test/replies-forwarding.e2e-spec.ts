import { BounceListener } from '../src/bounces/bounce-listener.js';
import { ReplyKeys } from '../src/replies/reply-keys.js';
import { expectStatus, type TargetJson, type UntypedJson } from './helpers/api-client.js';
import { createLiveCampaign, foundingTargets, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { PrivateRedis } from './helpers/redis-server.js';
import { answerTo, deliveryIdOf, replyAddressOf, sendReply } from './helpers/replies.js';
import type { ReceivedMail } from './helpers/smtp-server.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

/**
 * Officials' answers sent on to the supporters who wrote (delivery.forwardReplies), end to end:
 * real MIME replies fed over SMTP to the inbound listener of a running app, the forward written in
 * the transaction that stores the reply and sent through the supporter-email outbox, in the
 * supporter's language, once; not for an automatic reply nor a digest's; nothing lost when the
 * SMTP server refuses it and Redis loses its job; listed in the supporter's data export, and
 * redacted with them.
 */
describe('replies forwarded to the supporters who wrote', () => {
  let redis: PrivateRedis;
  const receiver = new WebhookReceiver();
  const { stack, app } = useStack({
    beforeApps: async () => {
      redis = await new PrivateRedis().start();
      await receiver.start();
    },
    app: () => ({
      REDIS_URL: redis.url,
      BOUNCE_SMTP_PORT: '0',
      HOST: '127.0.0.1',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      // a refused forward waits a while before its retry: long enough to lose its job with Redis meanwhile
      RETRY_BASE_DELAY_MS: '3000',
      DELIVERY_MAX_ATTEMPTS: '20',
    }),
    afterApps: async () => {
      await receiver.stop();
      await redis?.stop();
    },
  });
  let port: number;
  let lavrov: TargetJson;
  let elaraby: TargetJson;
  let campaign: { id: string; slug: string };
  /** per supporter: their address and their letter to each official, as received */
  const people: { email: string; firstName: string; toLavrov: ReceivedMail; toElaraby: ReceivedMail }[] = [];

  const forwardsTo = (email: string) => stack.smtp.received.filter((m) => m.rcptTo.includes(email) && !!m.headers['x-appeal-reply-forward']);
  const replyOf = async (deliveryId: string, subject: string) =>
    (await stack.db.query(`SELECT * FROM replies WHERE delivery_id = $1 AND subject = $2`, [deliveryId, subject]))[0];
  const forwardOf = async (replyId: string) => stack.db.query(`SELECT * FROM notifications WHERE reply_id = $1`, [replyId]);

  beforeAll(async () => {
    port = app.app.get(BounceListener).port!;
    const { staff } = await newCampaigner(app);
    const tag = uniq();
    ({ lavrov, elaraby } = await foundingTargets(staff, tag));
    expectStatus(await app.admin.post('/api/admin/webhooks', { url: receiver.url, events: ['reply.received'] }), 201);
    campaign = await createLiveCampaign(staff, {
      targets: [lavrov, elaraby],
      body: {
        delivery: { mode: 'individual', replies: 'relay', forwardReplies: true },
        translations: { ru: { title: 'Остановите штурм Хомса' } },
      },
    });
    for (let i = 0; i < 3; i++) {
      const s = supporter(i, tag);
      await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
      const mine = (m: ReceivedMail) => m.headers['x-appeal-campaign'] === campaign.slug && m.text.includes(`${s.firstName} ${s.lastName}`);
      const [toLavrov] = await stack.smtp.waitFor((m) => mine(m) && m.rcptTo.includes(lavrov.email));
      const [toElaraby] = await stack.smtp.waitFor((m) => mine(m) && m.rcptTo.includes(elaraby.email));
      people.push({ email: s.email, firstName: s.firstName, toLavrov, toElaraby });
    }
    // the second supporter signed in Russian (the page's language when they signed)
    await stack.db.query(`UPDATE signatures SET locale = 'ru' WHERE supporter_id = (SELECT id FROM supporters WHERE email = $1)`, [people[1].email]);
  });

  it('the campaign says it forwards replies', async () => {
    const view = expectStatus(await app.admin.getCampaign(campaign.id), 200);
    expect(view.delivery).toMatchObject({ replies: 'relay', forwardReplies: true });
    const bad = await app.admin.patch(`/api/campaigns/${campaign.id}`, { delivery: { mode: 'individual', forwardReplies: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toEqual(['delivery.forwardReplies must be true or false']);
  });

  it('a person’s answer reaches the supporter once, in English, saying who answered, with its subject and text (safe text)', async () => {
    const p = people[0];
    const subject = `Re: your letter ${uniq()}`;
    const raw = answerTo(p.toLavrov, { from: lavrov.email, fromName: 'Sergei Lavrov', subject, text: 'The Minister has raised <b>Homs</b> with Damascus.' });
    expect(await sendReply(port, replyAddressOf(p.toLavrov), raw, lavrov.email)).toMatch(/^250 /);
    // the same mail delivered again is one reply, one forward
    expect(await sendReply(port, replyAddressOf(p.toLavrov), raw, lavrov.email)).toMatch(/^250 /);
    const reply = await replyOf(deliveryIdOf(p.toLavrov), subject);
    expect(reply.kind).toBe('unclassified');
    const [m] = await stack.smtp.waitFor((x) => x.rcptTo.includes(p.email) && x.headers['x-appeal-reply-forward'] !== undefined);
    expect(m.parsed.from!.value[0]).toEqual({ address: 'appeals@campaigns.example', name: 'Test Org' });
    expect(m.subject).toBe(`Sergei Lavrov answered your letter: ${subject}`);
    expect(m.text).toContain('Sergei Lavrov, Minister of Foreign Affairs, Russian Federation answered your letter for “Stop the assault on Homs”.');
    expect(m.text).toContain(`Subject: ${subject}`);
    expect(m.text).toContain('The Minister has raised <b>Homs</b> with Damascus.');
    expect(m.text).not.toContain('It was sent from');
    expect(m.html).toContain('The Minister has raised &lt;b&gt;Homs&lt;/b&gt; with Damascus.');
    expect(m.html).not.toContain('<b>Homs');
    expect(m.headers['list-unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[A-Za-z0-9_-]+\?lang=en>$/);
    expect(m.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(m.headers['content-language']).toBe('en');
    // the row in the outbox: one forward, sent
    await waitFor(async () => (await forwardOf(reply.id)).every((n: UntypedJson) => n.status === 'sent'), 'the forward to be recorded sent');
    expect(await forwardOf(reply.id)).toEqual([expect.objectContaining({ kind: 'reply_forward', status: 'sent', attempts: 1 })]);
    // the reply says it was forwarded
    const view = expectStatus(await app.admin.get(`/api/replies/${reply.id}`), 200);
    expect(view.forward).toEqual({ id: expect.any(String), status: 'sent', sentAt: expect.any(String) });
    // and the reply.received event was recorded with it
    const [hook] = await waitFor(() => receiver.accepted.filter((h) => h.body.data.replyId === reply.id), 'the reply.received event');
    expect(hook.body.type).toBe('reply.received');
    expect(hook.body.data).toMatchObject({
      deliveryId: deliveryIdOf(p.toLavrov),
      targetId: lavrov.id,
      kind: 'unclassified',
      from: { address: lavrov.email, name: 'Sergei Lavrov' },
      subject,
      campaign: { id: campaign.id, slug: campaign.slug },
    });
    expect(hook.body.data.text).toBeUndefined();
    expect(forwardsTo(p.email)).toHaveLength(1);
  });

  it('a Russian-signing supporter gets Russian words, and the address it came from when an assistant answered', async () => {
    const p = people[1];
    const assistant = `assistant.${uniq()}@staff.mid-ru.example`;
    const subject = `Ваше письмо ${uniq()}`;
    const raw = answerTo(p.toLavrov, { from: assistant, fromName: 'Приёмная министра', subject, text: 'Министр получил ваше письмо.' });
    expect(await sendReply(port, replyAddressOf(p.toLavrov), raw, assistant)).toMatch(/^250 /);
    const [m] = await stack.smtp.waitFor((x) => x.rcptTo.includes(p.email) && x.headers['x-appeal-reply-forward'] !== undefined);
    expect(m.subject).toBe(`Ответ на ваше письмо от адресата Sergei Lavrov: ${subject}`);
    expect(m.text).toContain(`Здравствуйте, ${p.firstName}!`);
    expect(m.text).toContain('Пришёл ответ на ваше письмо по кампании «Остановите штурм Хомса».');
    expect(m.text).toContain(`Ответ отправлен с адреса Приёмная министра <${assistant}>.`);
    expect(m.text).toContain('Министр получил ваше письмо.');
    expect(m.headers['content-language']).toBe('ru');
    expect(m.headers['list-unsubscribe']).toMatch(/\?lang=ru>$/);
    expect(forwardsTo(p.email)).toHaveLength(1);
  });

  it('an automatic reply is not forwarded, until a campaigner says a person wrote it; a digest’s never is', async () => {
    const p = people[2];
    const subject = `Out of office ${uniq()}`;
    const raw = answerTo(p.toElaraby, { from: elaraby.email, subject, text: 'I am away until 20 February.', headers: ['Auto-Submitted: auto-replied'] });
    expect(await sendReply(port, replyAddressOf(p.toElaraby), raw, elaraby.email)).toMatch(/^250 /);
    const auto = await replyOf(deliveryIdOf(p.toElaraby), subject);
    expect(auto.kind).toBe('auto');
    expect(await forwardOf(auto.id)).toEqual([]);

    // a reply to a digest letter: a letter with no supporter of its own
    const [digest] = await stack.db.query(
      `INSERT INTO deliveries (campaign_id, target_id, period_start, period_end, status, attempts, sent_at, message_id)
       VALUES ($1, $2, now() - interval '2 days', now() - interval '1 day', 'sent', 1, now(), '<digest.${uniq()}@campaigns.example>')
       RETURNING id`,
      [campaign.id, elaraby.id],
    );
    const digestAddress = await app.app.get(ReplyKeys).addressFor(digest.id);
    const digestSubject = `Re: the signatories ${uniq()}`;
    const digestRaw = `From: ${elaraby.email}\nTo: ${digestAddress}\nSubject: ${digestSubject}\nMessage-ID: <d.${uniq()}@arab-league.example>\nContent-Type: text/plain; charset=utf-8\n\nThank you all for writing.\n`;
    expect(await sendReply(port, digestAddress, digestRaw, elaraby.email)).toMatch(/^250 /);
    const toDigest = await replyOf(digest.id, digestSubject);
    expect(toDigest).toMatchObject({ signature_id: null, kind: 'unclassified' });
    expect(await forwardOf(toDigest.id)).toEqual([]);
    // even marked substantive, a digest's reply has nobody to go to
    expectStatus(await app.admin.patch(`/api/replies/${toDigest.id}`, { kind: 'substantive' }), 200);
    expect(await forwardOf(toDigest.id)).toEqual([]);

    // the classifier was wrong: a campaigner marks the out-of-office a person's, and it goes (once)
    expectStatus(await app.admin.patch(`/api/replies/${auto.id}`, { kind: 'acknowledgement' }), 200);
    const [m] = await stack.smtp.waitFor((x) => x.rcptTo.includes(p.email) && x.headers['x-appeal-reply-forward'] !== undefined);
    expect(m.text).toContain('I am away until 20 February.');
    expectStatus(await app.admin.patch(`/api/replies/${auto.id}`, { kind: 'auto' }), 200);
    expectStatus(await app.admin.patch(`/api/replies/${auto.id}`, { kind: 'substantive' }), 200);
    expect(await forwardOf(auto.id)).toHaveLength(1);
  });

  it('a forward the SMTP server refuses, whose job Redis then loses, is owed in PostgreSQL and sent once when the server takes it', async () => {
    const p = people[2];
    const before = forwardsTo(p.email).length;
    stack.smtp.faults.tempfailFirst = 1000;
    const subject = `Re: refused ${uniq()}`;
    const raw = answerTo(p.toLavrov, { from: lavrov.email, subject, text: 'An answer the relay will refuse at first.' });
    expect(await sendReply(port, replyAddressOf(p.toLavrov), raw, lavrov.email)).toMatch(/^250 /);
    const reply = await replyOf(deliveryIdOf(p.toLavrov), subject);
    // refused (421): the outbox row says it is owed again
    const [refused] = await waitFor(
      async () => (await forwardOf(reply.id)).filter((n: UntypedJson) => n.status === 'retrying'),
      'the forward to be refused once',
    );
    expect(refused.last_error).toMatch(/421/);
    // Redis loses every job (the forward's retry with them)
    await redis.command('FLUSHALL');
    stack.smtp.faults.tempfailFirst = 0;
    const [m] = await stack.smtp.waitFor((x) => x.rcptTo.includes(p.email) && x.subject.endsWith(subject), 1, 60_000);
    expect(m.text).toContain('An answer the relay will refuse at first.');
    await waitFor(async () => (await forwardOf(reply.id))[0].status === 'sent', 'the forward recorded sent');
    expect(forwardsTo(p.email).filter((x) => x.subject.endsWith(subject))).toHaveLength(1);
    expect(forwardsTo(p.email)).toHaveLength(before + 1);
  }, 90_000);

  describe('the supporter’s data', () => {
    let exported: UntypedJson;

    it('the export lists the replies to their letters and the forwards sent to them', async () => {
      const p = people[0];
      exported = expectStatus(await app.admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(p.email)}`), 200);
      expect(exported.replies).toEqual([
        expect.objectContaining({
          campaignSlug: campaign.slug,
          deliveryId: deliveryIdOf(p.toLavrov),
          target: { name: 'Sergei Lavrov', title: 'Minister of Foreign Affairs', organization: 'Russian Federation' },
          from: { address: lavrov.email, name: 'Sergei Lavrov' },
          kind: 'unclassified',
          text: expect.stringContaining('The Minister has raised <b>Homs</b> with Damascus.'),
          redactedAt: null,
        }),
      ]);
      const forwards = exported.emails.filter((e: UntypedJson) => e.kind === 'reply_forward');
      expect(forwards).toEqual([expect.objectContaining({ status: 'sent', replyId: exported.replies[0].id, campaignSlug: campaign.slug })]);
      // the CSV says so too
      const csv = await app.admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(p.email)}&format=csv`);
      expect(csv.text).toContain(`reply,${exported.replies[0].id},kind,unclassified`);
      expect(csv.text).toContain(`email,${forwards[0].id},kind,reply_forward`);
    });

    it('erasure keeps the reply (it counts) without the letter it quoted or the supporter’s name; their forwards owed are cancelled', async () => {
      const p = people[0];
      const replyId = exported.replies[0].id;
      const before = await stack.db.query(`SELECT text FROM replies WHERE id = $1`, [replyId]);
      expect(before[0].text).toContain(`${p.firstName} Haddad`);
      // one more answer, owed but not sent yet when they are erased
      stack.smtp.faults.tempfailFirst = 1000;
      const subject = `Re: late ${uniq()}`;
      expect(
        await sendReply(
          port,
          replyAddressOf(p.toElaraby),
          answerTo(p.toElaraby, { from: elaraby.email, subject, text: `Dear ${p.firstName}, thank you.` }),
          elaraby.email,
        ),
      ).toMatch(/^250 /);
      const late = await replyOf(deliveryIdOf(p.toElaraby), subject);
      await waitFor(async () => (await forwardOf(late.id)).filter((n: UntypedJson) => n.status === 'retrying'), 'the late forward to be refused once');

      const summaryBefore = expectStatus(await app.admin.get(`/api/campaigns/${campaign.id}/replies/summary`), 200);
      expectStatus(await app.admin.post('/api/admin/supporters/erase', { email: p.email }), 200);
      stack.smtp.faults.tempfailFirst = 0;

      const rows = await stack.db.query(`SELECT id, text, subject, redacted_at FROM replies WHERE id = ANY($1::uuid[]) ORDER BY received_at`, [
        [replyId, late.id],
      ]);
      expect(rows).toHaveLength(2);
      expect(rows[0].text).toBe('The Minister has raised <b>Homs</b> with Damascus.\n\n[the letter this answers is not quoted: its supporter was erased]');
      expect(rows[1].text).toBe('Dear [erased], thank you.\n\n[the letter this answers is not quoted: its supporter was erased]');
      for (const r of rows) {
        expect(r.redacted_at).not.toBeNull();
        expect(r.text).not.toContain(p.firstName);
        expect(r.text).not.toContain('Haddad');
      }
      // the counts stand
      expect(expectStatus(await app.admin.get(`/api/campaigns/${campaign.id}/replies/summary`), 200)).toEqual(summaryBefore);
      // the forward still owed is cancelled, and never sent
      expect(await forwardOf(late.id)).toEqual([expect.objectContaining({ status: 'cancelled', last_error: 'supporter erased' })]);
      // a later answer to their letter is stored (it counts), and owes no forward
      const after = `Re: after ${uniq()}`;
      expect(
        await sendReply(port, replyAddressOf(p.toLavrov), answerTo(p.toLavrov, { from: lavrov.email, subject: after, text: 'A last word.' }), lavrov.email),
      ).toMatch(/^250 /);
      expect(await forwardOf((await replyOf(deliveryIdOf(p.toLavrov), after)).id)).toEqual([]);
      // a supporter still there is forwarded to as before: the queue is moving, and still nothing went to the erased one
      const q = people[1];
      const next = `Re: next ${uniq()}`;
      expect(
        await sendReply(port, replyAddressOf(q.toElaraby), answerTo(q.toElaraby, { from: elaraby.email, subject: next, text: 'Noted.' }), elaraby.email),
      ).toMatch(/^250 /);
      await stack.smtp.waitFor((x) => x.rcptTo.includes(q.email) && x.subject.endsWith(next));
      expect(stack.smtp.received.filter((x) => x.rcptTo.includes(p.email) && x.subject.endsWith(subject))).toEqual([]);
    });
  });
});

import { BounceListener } from '../src/bounces/bounce-listener.js';
import { FOLDED_AFTER_REPLY } from '../src/campaigns/digest-fallback.service.js';
import { expectStatus, type TargetJson, type UntypedJson } from './helpers/api-client.js';
import { countByDelivery } from './helpers/bulk.js';
import { createLiveCampaign, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { answerTo, deliveryIdOf, replyAddressOf, sendReply } from './helpers/replies.js';
import type { ReceivedMail } from './helpers/smtp-server.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * What a substantive reply does to the rest of the letters to that official (onReply, per
 * campaign target), end to end with the real queue and SMTP server: `hold` sends no further letter
 * to that official while the letters to the others go on, and a release (or onReply back to
 * continue) sends them all, once each; `digest` switches the official to digest letters, folding
 * the individual letters still owed. Every change audited, shown in the campaign view and the
 * drain forecast.
 */
describe('onReply: what a substantive reply does to the rest of the letters', () => {
  const { stack, app } = useStack({ app: { BOUNCE_SMTP_PORT: '0', HOST: '127.0.0.1' } });
  let port: number;
  let staff: typeof app.admin;
  let campaign: { id: string; slug: string };
  /** hold; continue; hold, then digest; digest */
  const t: Record<'a' | 'b' | 'c' | 'd', TargetJson> = {} as never;
  const tag = uniq();
  let signed = 0;
  /** the letters of each supporter who signed, by target key */
  const lettersOf: Partial<Record<'a' | 'b' | 'c' | 'd', ReceivedMail>>[] = [];

  const targetUrl = (key: keyof typeof t) => `/api/campaigns/${campaign.id}/targets/${t[key].id}`;
  const viewOf = async (key: keyof typeof t) => expectStatus(await staff.getCampaign(campaign.id), 200).targets.find((x) => x.id === t[key].id)!;
  const lettersTo = (key: keyof typeof t) => stack.smtp.received.filter((m) => m.rcptTo.includes(t[key].email));
  const audits = (action: string) =>
    stack.db.query(`SELECT actor_email, details FROM audit_log WHERE action = $1 AND subject_id = $2 ORDER BY at, id`, [action, campaign.id]);
  /** the letters owed by the campaign to a target, with their status and attempts */
  const owedTo = (key: keyof typeof t, signatureIds: string[]) =>
    stack.db.query(`SELECT id, status, attempts, last_error FROM deliveries WHERE target_id = $1 AND signature_id = ANY($2::uuid[]) ORDER BY id`, [
      t[key].id,
      signatureIds,
    ]);
  const signatureIdsOf = async (from: number, to: number) =>
    (
      await stack.db.query(`SELECT s.id FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE s.campaign_id = $1 AND p.email = ANY($2::text[])`, [
        campaign.id,
        Array.from({ length: to - from }, (_, i) => supporter(from + i, tag).email),
      ])
    ).map((r: { id: string }) => r.id);
  /** the worker took the letter's job and held it: the job finished, answering "held" */
  const heldByWorker = (deliveryIds: string[]) =>
    waitFor(async () => {
      for (const id of deliveryIds) if ((await stack.redis.hget(`${stack.prefix}:appeals:${id}`, 'returnvalue')) !== '"held"') return false;
      return true;
    }, `the worker to hold ${deliveryIds.length} letter(s)`);

  /** `n` more supporters sign and confirm; waits for their letter to b (which always goes). */
  async function sign(n: number): Promise<number[]> {
    const made: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = signed++;
      const s = supporter(i, tag);
      await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
      const mine = (m: ReceivedMail) => m.headers['x-appeal-campaign'] === campaign.slug && m.text.includes(`${s.firstName} ${s.lastName}`);
      const [toB] = await stack.smtp.waitFor((m) => mine(m) && m.rcptTo.includes(t.b.email));
      lettersOf[i] = { b: toB };
      for (const key of ['a', 'c', 'd'] as const) lettersOf[i][key] = stack.smtp.received.find((m) => mine(m) && m.rcptTo.includes(t[key].email));
      made.push(i);
    }
    return made;
  }

  /** An answer from the official to supporter i's letter, marked substantive by the campaigner: the reply's id. */
  async function substantiveReply(i: number, key: keyof typeof t): Promise<string> {
    const letter = lettersOf[i][key] ?? (await stack.smtp.waitFor((m) => m.rcptTo.includes(t[key].email) && m.text.includes(`Amal${i} Haddad`)))[0];
    lettersOf[i][key] = letter;
    const subject = `Re: on the ask ${uniq()}`;
    expect(
      await sendReply(port, replyAddressOf(letter), answerTo(letter, { from: t[key].email, subject, text: 'We agree: it must end.' }), t[key].email),
    ).toMatch(/^250 /);
    const [reply] = await stack.db.query(`SELECT id FROM replies WHERE delivery_id = $1 AND subject = $2`, [deliveryIdOf(letter), subject]);
    expect(expectStatus(await staff.patch(`/api/replies/${reply.id}`, { kind: 'substantive', stance: 'supports' }), 200).kind).toBe('substantive');
    return reply.id;
  }

  beforeAll(async () => {
    port = app.app.get(BounceListener).port!;
    ({ staff } = await newCampaigner(app));
    const official = async (key: keyof typeof t, name: string) => {
      t[key] = expectStatus(await staff.createTarget({ name, title: 'Minister', organization: 'State', email: `${key}.${tag}@officials.example` }), 201);
    };
    await official('a', 'Sergei Lavrov');
    await official('b', 'Nabil Elaraby');
    await official('c', 'Hoshyar Zebari');
    await official('d', 'Alain Juppé');
    campaign = await createLiveCampaign(staff, { targets: [t.a, t.b, t.c, t.d], body: { delivery: { mode: 'individual', replies: 'relay' } } });
  });

  it('onReply is continue by default, set per target (audited, shown); bad input is a 400 naming it and changes nothing', async () => {
    expect((await viewOf('a')).onReply).toBe('continue');
    const none = await staff.patch(targetUrl('a'), {});
    expect(none.status).toBe(400);
    expect(none.json.message).toBe('give audience, onReply or both, e.g. {"onReply":"hold"}');
    const bad = await staff.patch(targetUrl('a'), { onReply: 'wait', audience: { mode: 'everyone' } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toEqual(['onReply must be one of: continue, hold, digest']);
    expect(await audits('target.audience')).toEqual([]);

    const held = expectStatus(await staff.patch(targetUrl('a'), { onReply: 'hold' }), 200);
    expect(held).toMatchObject({ id: t.a.id, onReply: 'hold', replyHeldSince: null, released: 0 });
    expect(held.note).toBe('The rule applies when a reply from this official is marked substantive from now on.');
    expectStatus(await staff.patch(targetUrl('c'), { onReply: 'hold' }), 200);
    expectStatus(await staff.patch(targetUrl('d'), { onReply: 'digest' }), 200);
    // both at once; the same rule again records nothing
    const both = expectStatus(await staff.patch(targetUrl('a'), { onReply: 'hold', audience: { mode: 'everyone' } }), 200);
    expect(both.note).toMatch(/^Letters already owed stay owed/);
    expect((await audits('target.on-reply-rule')).map((r: UntypedJson) => r.details)).toEqual([
      { targetId: t.a.id, from: 'continue', to: 'hold' },
      { targetId: t.c.id, from: 'continue', to: 'hold' },
      { targetId: t.d.id, from: 'continue', to: 'digest' },
    ]);
    expect(await audits('target.audience')).toHaveLength(1);
    // nothing to release yet
    const release = await staff.post(`${targetUrl('a')}/release`);
    expect(release.status).toBe(409);
    expect(release.json.message).toBe('The letters to this target are not held after a reply: there is nothing to release');
  });

  it('hold: after a substantive reply no further letter goes to that official, no attempt spent, while letters to the others go on; the view and forecast say why', async () => {
    await sign(1);
    await stack.smtp.waitFor((m) => m.rcptTo.includes(t.a.email));
    const replyId = await substantiveReply(0, 'a');
    const view = await viewOf('a');
    expect(view.replyHeldSince).toEqual(expect.any(String));
    expect(view.replyHeldBy).toBe(replyId);
    const [applied] = await audits('target.on-reply');
    expect(applied).toEqual({ actor_email: expect.stringMatching(/^campaigner\./), details: { targetId: t.a.id, replyId, rule: 'hold', held: 0 } });

    const sentToA = lettersTo('a').length;
    await sign(3);
    const sigs = await signatureIdsOf(1, 4);
    const held = await owedTo('a', sigs);
    expect(held).toHaveLength(3);
    await heldByWorker(held.map((d: UntypedJson) => d.id));
    expect(await owedTo('a', sigs)).toEqual(held.map((d: UntypedJson) => ({ ...d, status: 'queued', attempts: 0 })));
    // the other officials got theirs (recorded sent a moment after the server took them)
    for (const key of ['b', 'c'] as const) {
      await waitFor(async () => (await owedTo(key, sigs)).filter((d: UntypedJson) => d.status === 'sent').length === 3, `the letters to ${key}`);
    }
    expect(lettersTo('a')).toHaveLength(sentToA);

    const forecast = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/forecast`), 200);
    const a = forecast.targets.find((x: UntypedJson) => x.targetId === t.a.id);
    expect(a).toMatchObject({
      basis: 'held',
      backlog: 3,
      replyHeldSince: view.replyHeldSince,
      heldBecause: 'the official gave a substantive reply (onReply "hold"): release the target to send',
      projectedDrainAt: null,
    });
    expect(forecast.warnings).toContain(
      '3 letters owed to Sergei Lavrov are held: the official gave a substantive reply (onReply "hold"): release the target to send.',
    );
  });

  it('release sends every held letter, each once; it is audited, and a second release is a 409', async () => {
    const sigs = await signatureIdsOf(1, 4);
    const held = (await owedTo('a', sigs)).map((d: UntypedJson) => d.id);
    const released = expectStatus(await staff.post(`${targetUrl('a')}/release`), 200);
    expect(released).toMatchObject({ id: t.a.id, onReply: 'hold', replyHeldSince: null, replyHeldBy: null, released: 3 });
    await waitFor(async () => (await owedTo('a', sigs)).every((d: UntypedJson) => d.status === 'sent'), 'the released letters to be sent');
    const counts = countByDelivery(lettersTo('a'));
    expect(held.map((id: string) => counts.get(id))).toEqual([1, 1, 1]);
    expect((await audits('target.release')).map((r: UntypedJson) => r.details)).toEqual([
      { targetId: t.a.id, replyId: expect.any(String), heldSince: expect.any(String) },
    ]);
    expect((await staff.post(`${targetUrl('a')}/release`)).status).toBe(409);
  });

  it('onReply back to continue while held sends the held letters, once, and says so', async () => {
    const replyId = await substantiveReply(1, 'a');
    expect((await viewOf('a')).replyHeldBy).toBe(replyId);
    const [i] = await sign(1);
    const sigs = await signatureIdsOf(i, i + 1);
    const [letter] = await owedTo('a', sigs);
    await heldByWorker([letter.id]);
    const changed = expectStatus(await staff.patch(targetUrl('a'), { onReply: 'continue' }), 200);
    expect(changed).toMatchObject({ onReply: 'continue', replyHeldSince: null, released: 1 });
    expect(changed.note).toContain('The letters held after the official');
    await waitFor(async () => (await owedTo('a', sigs))[0].status === 'sent', 'the held letter to be sent');
    expect(countByDelivery(lettersTo('a')).get(letter.id)).toBe(1);
    expect((await audits('target.release')).map((r: UntypedJson) => r.details)).toEqual([
      expect.anything(),
      { targetId: t.a.id, replyId, heldSince: expect.any(String), reason: 'onReply changed to continue' },
    ]);
    // continue: a further substantive reply holds nothing
    await substantiveReply(i, 'a');
    expect((await viewOf('a')).replyHeldSince).toBeNull();
  });

  it('digest: a substantive reply switches the official to digest letters; hold then digest folds the letters held', async () => {
    // d: digest at once
    const dReply = await substantiveReply(0, 'd');
    const d = await viewOf('d');
    expect(d.digestSince).toEqual(expect.any(String));
    // c: held first
    const cReply = await substantiveReply(0, 'c');
    expect((await viewOf('c')).replyHeldBy).toBe(cReply);
    const [i] = await sign(1);
    const sigs = await signatureIdsOf(i, i + 1);
    // d owes no individual letter any more; c's is held
    expect(await owedTo('d', sigs)).toEqual([]);
    const [toC] = await owedTo('c', sigs);
    await heldByWorker([toC.id]);

    const changed = expectStatus(await staff.patch(targetUrl('c'), { onReply: 'digest' }), 200);
    expect(changed).toMatchObject({ onReply: 'digest', replyHeldSince: null, digestSince: expect.any(String), released: 0 });
    expect(await owedTo('c', sigs)).toEqual([{ id: toC.id, status: 'cancelled', attempts: 0, last_error: FOLDED_AFTER_REPLY }]);
    const onReply = (await audits('target.on-reply')).map((r: UntypedJson) => r.details);
    expect(onReply).toEqual(
      expect.arrayContaining([
        { targetId: t.d.id, replyId: dReply, rule: 'digest', folded: 0 },
        { targetId: t.c.id, replyId: cReply, rule: 'hold', held: 0 },
        { targetId: t.c.id, replyId: cReply, rule: 'digest', folded: 1 },
      ]),
    );
    const forecast = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/forecast`), 200);
    expect(forecast.targets.filter((x: UntypedJson) => [t.c.id, t.d.id].includes(x.targetId)).map((x: UntypedJson) => x.mode)).toEqual(['digest', 'digest']);
    // what c and d are owed now is a digest's: the folded signature is listed by one
    const [listed] = await stack.db.query(
      `SELECT count(*)::int AS n FROM signatures s WHERE s.id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.signature_id = s.id AND x.target_id = $2 AND x.status <> 'cancelled')`,
      [sigs, t.c.id],
    );
    expect(listed.n).toBe(1);
  });
});

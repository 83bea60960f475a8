import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Reconciler } from '../src/maintenance/reconciler.js';
import { QUEUES } from '../src/queue/queues.js';
import { expectStatus, type TargetJson, type UntypedJson } from './helpers/api-client.js';
import { countByDelivery } from './helpers/bulk.js';
import { ConsoleClient, pageText } from './helpers/console-client.js';
import { createLiveCampaign, createTargets, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import type { ReceivedMail } from './helpers/smtp-server.js';
import { corpus } from './helpers/personal-texts.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

interface LetterRow {
  id: string;
  status: string;
  attempts: number;
  email: string;
}

/**
 * Issue 17: moderation of supporters' own words. A letter waiting for review is owed and not sent
 * (no attempt spent); approve sends it as written, approve-without-text sends the campaign's letter
 * without the supporter's words, reject cancels it; each decision is taken once and audited.
 */
describe('moderation: supporters’ own words reviewed before they go', () => {
  const { stack, app } = useStack();

  const campaign = (targets: TargetJson[], moderation: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    createLiveCampaign(app.admin, { targets, body: { requireConfirmation: false, moderation, ...more } });
  const letters = (campaignId: string) =>
    stack.db.query<LetterRow>(
      `SELECT d.id, d.status, d.attempts, p.email FROM deliveries d JOIN signatures s ON s.id = d.signature_id
         JOIN supporters p ON p.id = s.supporter_id WHERE d.campaign_id = $1 ORDER BY p.email`,
      [campaignId],
    );
  const of = (rows: LetterRow[], email: string) => rows.filter((r) => r.email === email);
  const lettersFrom = (slug: string, firstName: string) => (m: ReceivedMail) =>
    m.headers['x-appeal-campaign'] === slug && m.text.includes(`${firstName} Haddad`);
  const sign = async (slug: string, s: ReturnType<typeof supporter>, more: Record<string, unknown> = {}) =>
    expectStatus(await app.api.sign(slug, { ...s, ...more }), 200, 202);
  const signatureOf = async (email: string, campaignId: string) =>
    (
      await stack.db.query<{ id: string }>(
        `SELECT s.id FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1 AND s.campaign_id = $2`,
        [email, campaignId],
      )
    )[0].id;
  const queue = () => app.app.get<Queue>(getQueueToken(QUEUES.letters));
  const heldByWorker = (id: string) => waitFor(async () => (await queue().getJob(id))?.returnvalue === 'held', 'a worker to hold the letter');
  const review = (campaignId: string, status = 'pending') => app.admin.get(`/api/campaigns/${campaignId}/review?status=${status}`);
  const decide = (campaignId: string, signatureId: string, body: UntypedJson) => app.admin.post(`/api/campaigns/${campaignId}/review/${signatureId}`, body);

  it('in flagged mode a blocked word holds only its letters: owed, no attempt spent, listed with the rule it tripped', async () => {
    const targets = await createTargets(app.admin, 2);
    const c = await campaign(targets, { mode: 'flagged', blockedWords: ['idiot', 'war criminal'] });
    const [clean, abusive, silent] = [supporter(1), supporter(2), supporter(3)];
    await sign(c.slug, clean, { comment: 'Please press Damascus to stop the assault on Homs.' });
    await sign(c.slug, abusive, { comment: 'You are a WAR   criminal, an idiot.' });
    await sign(c.slug, silent);

    await waitFor(async () => (await letters(c.id)).filter((l) => l.status === 'sent').length === 4, 'the four letters without a blocked word sent');
    const rows = await letters(c.id);
    // the worker took each held letter and left it owed
    for (const l of of(rows, abusive.email)) await heldByWorker(l.id);
    expect(of(rows, abusive.email)).toEqual([
      expect.objectContaining({ status: 'queued', attempts: 0 }),
      expect.objectContaining({ status: 'queued', attempts: 0 }),
    ]);
    expect(stack.smtp.received.filter(lettersFrom(c.slug, abusive.firstName))).toEqual([]);
    // older than a reconcile interval, an owed letter would be handed to the queue again: not one waiting for review
    await stack.db.query(`UPDATE deliveries SET updated_at = now() - interval '1 hour' WHERE campaign_id = $1`, [c.id]);
    expect((await app.app.get(Reconciler).run()).requeued).toBe(0);

    const queue = expectStatus(await review(c.id), 200);
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({
      signatureId: await signatureOf(abusive.email, c.id),
      comment: 'You are a WAR   criminal, an idiot.',
      flags: ['blocked-word'],
      details: { blockedWords: ['idiot', 'war criminal'] },
      status: 'pending',
      letters: { owed: 2, sent: 0, failed: 0, cancelled: 0 },
      supporter: { firstName: abusive.firstName, email: abusive.email, country: 'LB' },
    });
    expect(queue.counts).toEqual({ pending: 1, approved: 0, 'approved-without-text': 0, rejected: 0, flagged: 1 });
    // the campaign view says which policy holds them
    const view = expectStatus(await app.admin.get(`/api/campaigns/${c.id}`), 200);
    expect(view.moderation).toEqual({ mode: 'flagged', blockedWords: ['idiot', 'war criminal'] });
    expect(view.awaitingReview).toBe(1);
  });

  it('screens the words of a signature confirmed by its link, as of one that needs no confirmation', async () => {
    const [target] = await createTargets(app.admin, 1);
    const c = await campaign([target], { mode: 'flagged', blockedWords: ['idiot'] }, { requireConfirmation: true });
    const [held, clean] = [supporter(1), supporter(2)];
    await signAndConfirm(app.api, stack.smtp, c.slug, { ...held, comment: 'Write back, idiot.' });
    await signAndConfirm(app.api, stack.smtp, c.slug, clean);
    await stack.smtp.waitFor(lettersFrom(c.slug, clean.firstName));
    const queue = expectStatus(await review(c.id), 200);
    expect(queue.items.map((i: UntypedJson) => [i.supporter.email, i.flags])).toEqual([[held.email, ['blocked-word']]]);
    expect(of(await letters(c.id), held.email)).toEqual([expect.objectContaining({ status: 'queued', attempts: 0 })]);
  });

  it('approve, approve-without-text and reject each do what they say, exactly once, audited', async () => {
    const [target] = await createTargets(app.admin, 1);
    const c = await campaign([target], { mode: 'all' });
    const [a, b, r, none] = [supporter(1), supporter(2), supporter(3), supporter(4)];
    const words = { a: 'My cousin is in Baba Amr.', b: 'Shame on all of you.', r: 'Something we will not send.' };
    await sign(c.slug, a, { comment: words.a });
    await sign(c.slug, b, { comment: words.b });
    await sign(c.slug, r, { comment: words.r });
    // no words of their own: nothing to review, the letter goes at once
    await sign(c.slug, none);
    await stack.smtp.waitFor(lettersFrom(c.slug, none.firstName));
    expect(expectStatus(await review(c.id), 200).items.map((i: UntypedJson) => i.supporter.email)).toEqual([a.email, b.email, r.email]);

    const [sa, sb, sr] = await Promise.all([signatureOf(a.email, c.id), signatureOf(b.email, c.id), signatureOf(r.email, c.id)]);
    expect(expectStatus(await decide(c.id, sa, { decision: 'approve' }), 200)).toEqual({ signatureId: sa, status: 'approved', released: 1, cancelled: 0 });
    expect(expectStatus(await decide(c.id, sb, { decision: 'approve-without-text', reason: 'abusive' }), 200)).toMatchObject({
      status: 'approved-without-text',
      released: 1,
    });
    expect(expectStatus(await decide(c.id, sr, { decision: 'reject', reason: 'off topic' }), 200)).toEqual({
      signatureId: sr,
      status: 'rejected',
      released: 0,
      cancelled: 1,
    });

    const [letterA] = await stack.smtp.waitFor(lettersFrom(c.slug, a.firstName));
    expect(letterA.text).toContain(words.a);
    const [letterB] = await stack.smtp.waitFor(lettersFrom(c.slug, b.firstName));
    expect(letterB.text).not.toContain(words.b);
    expect(letterB.text).toContain('that the military assault on Homs must end immediately.');

    // a second decision changes nothing: 409, naming the first
    const again = await decide(c.id, sa, { decision: 'reject' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('decided already: approved by');
    expect((await decide(c.id, sr, { decision: 'approve' })).status).toBe(409);

    await waitFor(async () => (await letters(c.id)).every((l) => l.status !== 'queued' && l.status !== 'sending'), 'every letter settled');
    const rows = await letters(c.id);
    expect(of(rows, r.email)).toEqual([expect.objectContaining({ status: 'cancelled', attempts: 0 })]);
    expect(rows.filter((l) => l.status === 'sent')).toHaveLength(3);
    expect(stack.smtp.received.filter(lettersFrom(c.slug, r.firstName))).toEqual([]);
    // each letter sent exactly once
    const sent = stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === c.slug);
    expect([...countByDelivery(sent).values()]).toEqual([1, 1, 1]);

    // the supporter's own data export says what became of their words
    const exported = expectStatus(await app.admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(r.email)}`), 200);
    expect(exported.signatures[0].review).toEqual({ status: 'rejected', flags: [], reviewedAt: expect.any(String), reason: 'off topic' });
    const decided = expectStatus(await review(c.id, 'rejected'), 200);
    expect(decided.items).toEqual([expect.objectContaining({ signatureId: sr, status: 'rejected', reason: 'off topic', reviewedBy: expect.any(String) })]);
    const audit = await stack.db.query<{ subject_id: string; details: { decision: string; reason: string | null } }>(
      `SELECT subject_id, details FROM audit_log WHERE action = 'signature.review' AND details->>'campaignId' = $1 ORDER BY at`,
      [c.id],
    );
    expect(audit.map((e) => [e.subject_id, e.details.decision, e.details.reason])).toEqual([
      [sa, 'approve', null],
      [sb, 'approve-without-text', 'abusive'],
      [sr, 'reject', 'off topic'],
    ]);
  });

  it('a body campaign approved without text sends the campaign’s own letter instead of the supporter’s', async () => {
    const [target] = await createTargets(app.admin, 1);
    const c = await campaign([target], { mode: 'flagged', blockedWords: ['idiot'] }, { letterEditing: 'body' });
    const s = supporter(1);
    await sign(c.slug, s, { letter: { body: 'Only an idiot would ignore Homs.' } });
    const sig = await signatureOf(s.email, c.id);
    await waitFor(async () => (await review(c.id)).json.counts.pending === 1, 'the letter held');
    expectStatus(await decide(c.id, sig, { decision: 'approve-without-text' }), 200);
    const [letter] = await stack.smtp.waitFor(lettersFrom(c.slug, s.firstName));
    expect(letter.text).not.toContain('idiot');
    expect(letter.text).toContain(`I urge ${target.organization} to make clear`);
  });

  it('a letter approved while its campaign is paused waits for the resume, and goes once', async () => {
    const [target] = await createTargets(app.admin, 1);
    const c = await campaign([target], { mode: 'all' });
    const s = supporter(1);
    await sign(c.slug, s, { comment: 'Paused and approved.' });
    const sig = await signatureOf(s.email, c.id);
    expectStatus(await app.admin.post(`/api/campaigns/${c.id}/pause`), 200);
    expectStatus(await decide(c.id, sig, { decision: 'approve' }), 200);
    // the approval handed the letter to the queue; the worker takes it and leaves it owed: the campaign is paused
    const [held] = await letters(c.id);
    await heldByWorker(held.id);
    expect(await letters(c.id)).toEqual([expect.objectContaining({ status: 'queued', attempts: 0 })]);
    expect(stack.smtp.received.filter(lettersFrom(c.slug, s.firstName))).toEqual([]);
    expectStatus(await app.admin.post(`/api/campaigns/${c.id}/resume`), 200);
    const [letter] = await stack.smtp.waitFor(lettersFrom(c.slug, s.firstName));
    expect(letter.text).toContain('Paused and approved.');
    await waitFor(async () => (await letters(c.id))[0].status === 'sent', 'sent');
    expect(stack.smtp.received.filter(lettersFrom(c.slug, s.firstName))).toHaveLength(1);
  });

  it('flags too many links and an address at a target’s own domain; a clean text with one link goes', async () => {
    const tag = uniq();
    const ministry = expectStatus(
      await app.admin.post('/api/targets', {
        name: 'Sergei Lavrov',
        title: 'Minister',
        organization: 'MID',
        email: `minister.${tag}@mid-${tag}.example`,
        country: 'RU',
      }),
      201,
    );
    const c = await campaign([ministry], { mode: 'flagged', maxLinks: 1 });
    const [linky, insider, fine] = [supporter(1), { ...supporter(2), email: `clerk@press.mid-${tag}.example` }, supporter(3)];
    await sign(c.slug, linky, { comment: 'Read https://example.org/a and www.example.com/b and spam.xyz' });
    await sign(c.slug, insider, { comment: 'From inside the ministry.' });
    await sign(c.slug, fine, { comment: 'The report: https://example.org/homs' });
    await stack.smtp.waitFor(lettersFrom(c.slug, fine.firstName));
    const queue = expectStatus(await review(c.id), 200);
    expect(queue.items.map((i: UntypedJson) => [i.supporter.firstName, i.flags, i.details])).toEqual([
      [linky.firstName, ['links'], { links: 3 }],
      [insider.firstName, ['target-domain'], { domain: `mid-${tag}.example` }],
    ]);
  });

  it('of 200 letters, the light rewrites of one text after its first are held as near-duplicates, and no genuinely different one', async () => {
    const [target] = await createTargets(app.admin, 1);
    const c = await campaign([target], { mode: 'flagged', duplicates: 'review' }, { letterEditing: 'body' });
    const texts = corpus({ rewrites: 40, different: 160, seed: 17 });
    const tag = uniq();
    const kindOf = new Map<string, string>();
    for (const [i, t] of texts.entries()) {
      const s = supporter(i, tag);
      kindOf.set(s.email, t.kind);
      await sign(c.slug, s, { letter: { body: t.text } });
    }
    await waitFor(async () => (await letters(c.id)).filter((l) => l.status === 'sent').length === 161, '161 letters sent', { timeout: 60_000 });

    const pending: UntypedJson[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: UntypedJson = expectStatus(await app.admin.get(`/api/campaigns/${c.id}/review?limit=100${cursor ? `&cursor=${cursor}` : ''}`), 200);
      pending.push(...page.items);
      cursor = page.nextCursor;
    }
    // every rewrite but the first of its family waits, flagged near-duplicate of an earlier one; no different text does
    expect(pending).toHaveLength(39);
    expect(pending.every((i) => kindOf.get(i.supporter.email) === 'rewrite' && i.flags.join() === 'near-duplicate')).toBe(true);
    expect(pending.every((i) => i.details.similarity >= 0.5 && typeof i.details.nearDuplicateOf === 'string')).toBe(true);
    const counts = expectStatus(await review(c.id), 200).counts;
    expect(counts).toMatchObject({ pending: 39, flagged: 39 });
    // and the campaign's figure: every one of the 200 carries the supporter's own words
    expect(expectStatus(await app.admin.get(`/api/campaigns/${c.id}`), 200).personalisation).toEqual({ personal: 200, total: 200 });
  });

  it('refuses bad input with a 4xx naming the problem, changing nothing', async () => {
    const [target] = await createTargets(app.admin, 1);
    const bad = await app.admin.post('/api/campaigns', {
      slug: `homs-${uniq()}`,
      title: 'Homs',
      appeal: { subject: 'Homs', body: 'Dear {{target.name}}, stop it.\n\n{{supporter.fullName}}' },
      moderation: { mode: 'sometimes', maxLinks: 99, blockedWords: 'idiot' },
    });
    expect(bad.status).toBe(400);
    const said = bad.text;
    expect(said).toContain('moderation.mode must be one of: off, flagged, all');
    expect(said).toContain('moderation.maxLinks must be a whole number from 0 to 20');
    expect(said).toContain('moderation.blockedWords must be a list of words');

    const c = await campaign([target], { mode: 'all' });
    const s = supporter(1);
    await sign(c.slug, s, { comment: 'Held.' });
    const sig = await signatureOf(s.email, c.id);
    const wrong = await decide(c.id, sig, { decision: 'maybe', reason: 'x'.repeat(501) });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('decision must be one of: approve, approve-without-text, reject');
    expect(wrong.text).toContain('reason must be at most 500 characters');
    expect((await decide(c.id, '00000000-0000-4000-8000-000000000000', { decision: 'approve' })).status).toBe(404);
    expect((await app.admin.get(`/api/campaigns/${c.id}/review?status=later`)).status).toBe(400);
    // a signature never held: 409
    const other = supporter(2);
    await sign(c.slug, other);
    const never = await decide(c.id, await signatureOf(other.email, c.id), { decision: 'approve' });
    expect(never.status).toBe(409);
    expect(never.text).toContain('not waiting for review');
    // nothing changed
    expect(expectStatus(await review(c.id), 200).counts.pending).toBe(1);
  });

  it('an erased supporter’s waiting letters are cancelled and leave the queue', async () => {
    const [target] = await createTargets(app.admin, 1);
    const c = await campaign([target], { mode: 'all' });
    const s = supporter(1);
    await sign(c.slug, s, { comment: 'Please erase me later.' });
    expect(expectStatus(await review(c.id), 200).counts.pending).toBe(1);
    expectStatus(await app.admin.post('/api/admin/supporters/erase', { email: s.email }), 200);
    expect(expectStatus(await review(c.id), 200)).toMatchObject({ items: [], counts: { pending: 0 } });
    expect(await letters(c.id)).toEqual([expect.objectContaining({ status: 'cancelled', attempts: 0 })]);
  });

  it('the console’s Review tab lists what waits and takes the decisions', async () => {
    const [target] = await createTargets(app.admin, 1);
    const c = await campaign([target], { mode: 'flagged', blockedWords: ['idiot'] });
    const [x, y] = [supporter(1), supporter(2)];
    await sign(c.slug, x, { comment: 'Not an idiot.' });
    await sign(c.slug, y, { comment: 'Another idiot text.' });
    const console = await new ConsoleClient(app.url).signIn('admin@test.example', 'test-admin-password-1');
    await waitFor(async () => (await review(c.id)).json.counts.pending === 2, 'both held');

    const page = await console.get(`/console/campaigns/${c.id}/review`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain('Waiting for review');
    expect(text).toContain('Blocked word: idiot');
    expect(text).toContain('Not an idiot.');
    expect(page.text).toMatch(/Review <span class="tab-count">2/);

    const sx = await signatureOf(x.email, c.id);
    const done = await console.post(`/console/campaigns/${c.id}/review/${sx}`, { decision: 'approve', reason: 'irony' });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/console/campaigns/${c.id}/review`);
    const after = pageText((await console.get(`/console/campaigns/${c.id}/review`)).text);
    expect(after).toContain('Approved: its letter is on the way');
    expect(after).not.toContain('Not an idiot.');
    await stack.smtp.waitFor(lettersFrom(c.slug, x.firstName));

    // twice: the message says it was decided already, and nothing else happens
    await console.get(`/console/campaigns/${c.id}/review`);
    const twice = await console.post(`/console/campaigns/${c.id}/review/${sx}`, { decision: 'reject' });
    expect(twice.status).toBe(303);
    expect(pageText((await console.get(`/console/campaigns/${c.id}/review`)).text)).toContain('Not decided: This signature was decided already: approved');
    const approvedList = pageText((await console.get(`/console/campaigns/${c.id}/review?status=approved`)).text);
    expect(approvedList).toContain('Approved: sent as written by admin@test.example');
    expect(approvedList).toContain('“irony”');

    // the settings form shows and saves the policy
    const settings = await console.get(`/console/campaigns/${c.id}/settings`);
    expect(settings.text).toContain('name="moderation.blockedWords"');
    expect(settings.text).toMatch(/<textarea[^>]*name="moderation.blockedWords"[^>]*>idiot<\/textarea>/);
  });
});

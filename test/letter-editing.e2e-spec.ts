import { expectStatus, type TargetJson } from './helpers/api-client.js';
import { ConsoleClient, pageText } from './helpers/console-client.js';
import { createLiveCampaign, createTargets, newCampaigner, supporter, uniq } from './helpers/fixtures.js';
import { confirmTokenIn, type ReceivedMail } from './helpers/smtp-server.js';
import { useStack } from './helpers/use-stack.js';

/**
 * Issue 17, slice 1: supporters may write their own letter (a campaign's letterEditing "body"):
 * the salutation and the signature stay fixed around the supporter's text, which is sent as
 * written (a placeholder typed is never filled in), from the public API and from the page without
 * JavaScript; and the campaign view measures how many letters carry the supporter's own words.
 */
describe('letters in the supporter’s own words', () => {
  const { stack, app } = useStack({ app: { FORM_MIN_FILL_SECONDS: '0' } });

  /** the fixtures' letter: "Dear {{target.title}} {{target.name}}," then the text, then "Yours sincerely," and the signature line */
  const bodyCampaign = (targets: TargetJson[], requireConfirmation = false) =>
    createLiveCampaign(app.admin, { targets, body: { letterEditing: 'body', requireConfirmation } });
  const lettersTo = (slug: string, target: TargetJson) => (m: ReceivedMail) => m.headers['x-appeal-campaign'] === slug && m.rcptTo.includes(target.email);
  const letterOf = async (slug: string, target: TargetJson, firstName: string) =>
    (await stack.smtp.waitFor((m) => lettersTo(slug, target)(m) && m.text.includes(`${firstName} Haddad`)))[0];
  const stored = (email: string) =>
    stack.db.query<{ letter_body: string | null; status: string }>(
      `SELECT s.letter_body, s.status FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1`,
      [email],
    );
  const salutation = (t: TargetJson) => `Dear ${t.title} ${t.name},`;

  it('sends each supporter’s own text between the fixed salutation and signature, never expanding a placeholder they typed', async () => {
    const targets = await createTargets(app.admin, 2);
    const campaign = await bodyCampaign(targets);
    const a = supporter(1);
    const b = supporter(2);
    const own = {
      [a.firstName]:
        'I lived in Homs until 2011.\n\nMy family is still there: {{target.name}}, {{ supporter.fullName }} and {{campaign.title}} are words I typed.',
      [b.firstName]: 'Please raise Homs with Damascus this week.',
    };
    expectStatus(await app.api.sign(campaign.slug, { ...a, letter: { body: own[a.firstName] } }), 202);
    expectStatus(await app.api.sign(campaign.slug, { ...b, letter: { body: `  ${own[b.firstName]}\r\n` } }), 202);

    for (const t of targets) {
      for (const s of [a, b]) {
        const letter = await letterOf(campaign.slug, t, s.firstName);
        expect(letter.text).toContain(`${salutation(t)}\n\n${own[s.firstName]}\n\n${s.firstName} Haddad, Lebanon`);
        // the campaign's own text is not there: the supporter's replaces it
        expect(letter.text).not.toContain('I urge');
      }
    }
    const letterA = await letterOf(campaign.slug, targets[0], a.firstName);
    expect(letterA.text).toContain('{{target.name}}, {{ supporter.fullName }} and {{campaign.title}} are words I typed.');
    expect(letterA.text).not.toContain(`${targets[0].name}, ${a.firstName}`);
    expect((await stored(b.email))[0].letter_body).toBe(own[b.firstName]);
  });

  it('offers the page’s text to rewrite without JavaScript, takes it back, and refuses one too long beside its box', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await bodyCampaign([target]);
    const page = await app.api.get(`/c/${campaign.slug}`);
    expect(page.status).toBe(200);
    // the middle of the letter, its placeholders as bracketed words; the salutation and signature are not in the box
    const box = page.text.match(/<textarea id="letterBody" name="letterBody"[^>]*>([^<]*)<\/textarea>/);
    expect(box).not.toBeNull();
    expect(box![1]).toContain('I urge [their government or organisation] to make clear');
    expect(box![1]).not.toContain('{{');
    expect(box![1]).not.toContain('Dear');
    expect(page.text).not.toContain('<textarea id="comment"');
    const stamp = page.text.match(/name="stamp" value="([^"]+)"/)![1];
    const post = (fields: Record<string, string>) =>
      app.api.call('POST', `/c/${campaign.slug}?lang=en`, new URLSearchParams({ stamp, website: '', ...fields }).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      });

    const tooLong = supporter(3);
    const refused = await post({ ...tooLong, letterBody: 'x'.repeat(5001) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Your letter can have at most 5,000 characters.');
    expect(refused.text).toContain('id="letterBody-error"');
    expect(await stored(tooLong.email)).toEqual([]);

    const s = supporter(4);
    const text = 'Minister {{target.name}}: I write in my own words, from Beirut.';
    const signed = await post({ ...s, letterBody: text });
    expect(signed.status).toBe(303);
    const letter = await letterOf(campaign.slug, target, s.firstName);
    expect(letter.text).toContain(`${salutation(target)}\n\n${text}\n\n${s.firstName} Haddad, Lebanon`);
  });

  it('the public API takes letter.body, and refuses (400, naming it, changing nothing) one over 5,000 characters or on a "comment" campaign', async () => {
    const [target] = await createTargets(app.admin, 1);
    const body = await bodyCampaign([target]);
    const comment = await createLiveCampaign(app.admin, { targets: [target] });
    expect(expectStatus(await app.api.getPublicCampaign(body.slug), 200)).toMatchObject({
      letterEditing: 'body',
      letter: { editable: expect.stringContaining('I urge') },
    });
    expect(expectStatus(await app.api.getPublicCampaign(comment.slug), 200)).toMatchObject({ letterEditing: 'comment', letter: { editable: null } });

    const long = supporter(5);
    const r1 = await app.api.sign(body.slug, { ...long, letter: { body: 'é'.repeat(5001) } });
    expect(r1.status).toBe(400);
    expect(r1.text).toContain('letter.body can have at most 5,000 characters');
    expectStatus(await app.api.sign(body.slug, { ...supporter(6), letter: { body: 'é'.repeat(5000) } }), 202);

    const onComment = supporter(7);
    const r2 = await app.api.sign(comment.slug, { ...onComment, letter: { body: 'My own letter.' } });
    expect(r2.status).toBe(400);
    expect(r2.text).toContain('letter.body is not taken by this campaign');
    const r3 = await app.api.sign(body.slug, { ...supporter(8), letter: 'My own letter.' } as never);
    expect(r3.status).toBe(400);
    expect(r3.text).toContain('letter must be an object');
    expect(await stored(long.email)).toEqual([]);
    expect(await stored(onComment.email)).toEqual([]);
  });

  it('counts the letters in the supporter’s own words exactly: a comment, or a body that differs beyond case, whitespace and punctuation', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await bodyCampaign([target]);
    const editable = expectStatus(await app.api.getPublicCampaign(campaign.slug), 200).letter.editable!;
    const tag = uniq();
    const sign = (i: number, extra: Record<string, unknown>) => app.api.sign(campaign.slug, { ...supporter(i, tag), ...extra });
    // 3 comments, 2 rewritten bodies, 1 body changed only in case, whitespace and punctuation, 4 untouched
    for (const i of [1, 2, 3]) expectStatus(await sign(i, { comment: `Message ${i}` }), 202);
    expectStatus(await sign(4, { letter: { body: `${editable}\n\nAnd I add a sentence of my own.` } }), 202);
    expectStatus(await sign(5, { letter: { body: 'Entirely my own words.' } }), 202);
    const sameWords = editable.replace(/[[\]]/g, '').replace(/,/g, ' ;').replace(/ /g, '   ').replace(/\n\n/g, '\n \n').toUpperCase();
    expect(sameWords).not.toBe(editable);
    expectStatus(await sign(6, { letter: { body: sameWords } }), 202);
    expectStatus(await sign(7, {}), 202);
    expectStatus(await sign(8, { letter: { body: '' } }), 202);
    expectStatus(await sign(9, { letter: { body: editable } }), 202);
    expectStatus(await sign(10, { comment: '   ' }), 202);

    const view = expectStatus(await app.admin.getCampaign(campaign.id), 200);
    expect(view.counts.confirmed).toBe(10);
    expect(view.personalisation).toEqual({ personal: 5, total: 10 });
    expect(view.letterEditing).toBe('body');

    // the body changed only in its punctuation is the campaign's letter, placeholders filled in
    expect((await stored(supporter(6, tag).email))[0].letter_body).toBeNull();
    const letter = await letterOf(campaign.slug, target, 'Amal6');
    expect(letter.text).toContain(`I urge ${target.organization} to make clear`);

    // the console's figures say the same
    const made = await newCampaigner(app);
    const browser = await new ConsoleClient(app.url).signIn(made.email, 'campaigner-password-1');
    const overview = await browser.get(`/console/campaigns/${campaign.id}`);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('<dt>In their own words</dt><dd>5</dd><dd class="sub">50% of 10 letters: rewritten or with a message</dd>');
  });

  it('is a setting of the campaign, in the API and the console, "comment" by default; a value of no kind is a 400 naming it', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    expect(expectStatus(await app.admin.getCampaign(campaign.id), 200)).toMatchObject({ letterEditing: 'comment', personalisation: { personal: 0, total: 0 } });
    const bad = await app.admin.patch(`/api/campaigns/${campaign.id}`, { letterEditing: 'anything' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('letterEditing must be "comment" or "body"');
    expect(expectStatus(await app.admin.patch(`/api/campaigns/${campaign.id}`, { letterEditing: 'body' }), 200).letterEditing).toBe('body');

    const made = await newCampaigner(app);
    const browser = await new ConsoleClient(app.url).signIn(made.email, 'campaigner-password-1');
    const form = await browser.get(`/console/campaigns/${campaign.id}/settings`);
    expect(form.text).toMatch(/name="letterEditing" value="body"[^>]*checked/);
    const saved = await browser.post(`/console/campaigns/${campaign.id}/settings`, {
      title: 'Stop the assault on Homs',
      slug: campaign.slug,
      summary: 'Urge them to act.',
      signatureGoal: '',
      endsAt: '',
      letterEditing: 'comment',
    });
    expect(saved.status).toBe(303);
    expect(pageText((await browser.get(`/console/campaigns/${campaign.id}/settings`)).text)).toContain('What supporters may write');
    expect(expectStatus(await app.admin.getCampaign(campaign.id), 200).letterEditing).toBe('comment');
  });

  it('signing again before confirming replaces the text (an empty one keeps it); it is exported, and erased with the supporter', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await bodyCampaign([target], true);
    const s = supporter(11);
    const confirmation = (m: ReceivedMail) => m.rcptTo.includes(s.email) && m.headers['x-appeal-notification'] !== undefined;
    expectStatus(await app.api.sign(campaign.slug, { ...s, letter: { body: 'First words.' } }), 202);
    const [mail] = await stack.smtp.waitFor(confirmation);
    expectStatus(await app.api.sign(campaign.slug, { ...s, letter: { body: 'Second words.' } }), 202);
    expectStatus(await app.api.sign(campaign.slug, { ...s, letter: { body: '' } }), 202);
    expectStatus(await app.api.sign(campaign.slug, s), 202);
    expect(await stored(s.email)).toEqual([{ letter_body: 'Second words.', status: 'pending' }]);

    expectStatus(await app.api.confirm(confirmTokenIn(mail)), 200);
    const letter = await letterOf(campaign.slug, target, s.firstName);
    expect(letter.text).toContain(`${salutation(target)}\n\nSecond words.\n\n${s.firstName} Haddad, Lebanon`);
    // confirmed: signing again changes nothing
    expectStatus(await app.api.sign(campaign.slug, { ...s, letter: { body: 'Third words.' } }), 202);
    expect((await stored(s.email))[0].letter_body).toBe('Second words.');

    const exported = expectStatus(await app.admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(s.email)}`), 200);
    expect(exported.signatures[0].letterBody).toBe('Second words.');
    const csv = await app.admin.call('GET', `/api/campaigns/${campaign.id}/signatures`);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0].endsWith(',signature_id,letter_body')).toBe(true);
    expect(lines.find((l) => l.includes(s.email))!.endsWith(',Second words.')).toBe(true);

    expectStatus(await app.admin.post('/api/admin/supporters/erase', { email: s.email }), 200);
    const [erased] = await stack.db.query<{ letter_body: string | null }>(
      `SELECT s.letter_body FROM signatures s WHERE s.campaign_id = $1 AND s.erased_at IS NOT NULL`,
      [campaign.id],
    );
    expect(erased).toEqual({ letter_body: null });
  });
});

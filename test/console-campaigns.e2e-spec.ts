import { expectStatus } from './helpers/api-client.js';
import { ConsoleClient, pageText } from './helpers/console-client.js';
import { createTargets, LETTER, newCampaigner, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';

/**
 * The console's campaign pages over plain HTTP, as a browser without JavaScript uses them: signing
 * in, a new campaign whose form errors keep what was typed, its overview, settings, and the status
 * actions with their confirmations, CSRF on every change.
 */
describe('console: campaigns', () => {
  const { stack, app } = useStack();
  let browser: ConsoleClient;
  let campaigner: { email: string };

  beforeAll(async () => {
    const made = await newCampaigner(app);
    campaigner = made;
    browser = await new ConsoleClient(app.url).signIn(made.email, 'campaigner-password-1');
  });

  it('sends a visitor without a session to the sign-in page, and back where they were going', async () => {
    const stranger = new ConsoleClient(app.url);
    const r = await stranger.get('/console/campaigns/new');
    expect(r.status).toBe(303);
    expect(r.location).toBe('/console/login?next=%2Fconsole%2Fcampaigns%2Fnew');
    const form = await stranger.get(r.location!);
    expect(form.text).toContain('name="next" value="/console/campaigns/new"');
    const wrong = await stranger.post('/console/login', { email: campaigner.email, password: 'not it', next: '/console/campaigns/new' }, { csrf: false });
    expect(wrong.status).toBe(401);
    expect(pageText(wrong.text)).toContain('Wrong email or password');
    expect(wrong.text).toContain(`value="${campaigner.email}"`);
    const ok = await stranger.post(
      '/console/login',
      { email: campaigner.email, password: 'campaigner-password-1', next: '/console/campaigns/new' },
      { csrf: false },
    );
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/console/campaigns/new');
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('appeals_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect((await stranger.get('/console/campaigns/new')).status).toBe(200);
    // never somewhere else afterwards
    const away = await stranger.post(
      '/console/login',
      { email: campaigner.email, password: 'campaigner-password-1', next: '//evil.example/x' },
      { csrf: false },
    );
    expect(away.location).toBe('/console');
  });

  it('creates a campaign from the form; a form error keeps what was typed and names the field', async () => {
    const slug = `homs-${uniq()}`;
    const fields = {
      title: 'Stop the assault on Homs',
      slug,
      summary: 'Urge Russia and the Arab League to press Syria.',
      signatureGoal: '10000',
      endsAt: '',
      requireConfirmation: 'true',
      'delivery.mode': 'individual',
      'delivery.maxPerTargetPerHour': '',
      'delivery.supporterReceipts': 'false',
      'appeal.subject': LETTER.subject,
      'appeal.body': `${LETTER.body}\r\n{{target.shoeSize}}`,
    };
    const bad = await browser.post('/console/campaigns', fields);
    expect(bad.status).toBe(400);
    const text = pageText(bad.text);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Letter: Unknown placeholder {{target.shoeSize}}');
    // what was typed is still there
    expect(bad.text).toContain(`value="${slug}"`);
    expect(bad.text).toContain('Urge Russia and the Arab League to press Syria.');
    expect(bad.text).toMatch(/<title>Error: /);
    expect(await stack.db.query(`SELECT 1 FROM campaigns WHERE slug = $1`, [slug])).toHaveLength(0);

    const badGoal = await browser.post('/console/campaigns', { ...fields, 'appeal.body': LETTER.body, signatureGoal: 'lots' });
    expect(badGoal.status).toBe(400);
    expect(pageText(badGoal.text)).toMatch(/Signature goal: Must be a whole number/);

    const ok = await browser.post('/console/campaigns', { ...fields, 'appeal.body': LETTER.body.replace(/\n/g, '\r\n') });
    expect(ok.status).toBe(303);
    const id = ok.location!.split('/').pop()!;
    const overview = await browser.get(ok.location!);
    expect(overview.status).toBe(200);
    expect(pageText(overview.text)).toContain('Campaign created, as a draft');
    const [row] = await stack.db.query(`SELECT title, appeal, signature_goal, status FROM campaigns WHERE id = $1`, [id]);
    expect(row).toMatchObject({ title: 'Stop the assault on Homs', signature_goal: 10000, status: 'draft' });
    expect(row.appeal.body).toBe(LETTER.body);
    const [audit] = await stack.db.query(`SELECT actor_email FROM audit_log WHERE action = 'campaign.create' AND subject_id = $1`, [id]);
    expect(audit.actor_email).toBe(campaigner.email);
    // settings: letters held until a chosen day (UTC), and the goal emptied
    await browser.get(`/console/campaigns/${id}/settings`);
    const settings = { ...fields, slug, signatureGoal: '', 'delivery.startAt': '2030-03-15T09:00' };
    delete (settings as Record<string, string>)['appeal.subject'];
    delete (settings as Record<string, string>)['appeal.body'];
    const saved = await browser.post(`/console/campaigns/${id}/settings`, settings);
    expect(saved.status).toBe(303);
    const [after] = await stack.db.query(`SELECT signature_goal, delivery FROM campaigns WHERE id = $1`, [id]);
    expect(after.signature_goal).toBeNull();
    expect(new Date(after.delivery.startAt).toISOString()).toBe('2030-03-15T09:00:00.000Z');
    expect((await browser.get(`/console/campaigns/${id}/settings`)).text).toContain('value="2030-03-15T09:00"');
    // the consent box: on, with words of its own in Russian (English and Arabic left to the default words)
    const consent = await browser.post(`/console/campaigns/${id}/settings`, {
      ...settings,
      'optIn.enabled': ['false', 'true'],
      'optIn.label.en': '',
      'optIn.label.ru': '  Сообщайте мне о новых кампаниях ',
    });
    expect(consent.status).toBe(303);
    const [withConsent] = await stack.db.query(`SELECT opt_in FROM campaigns WHERE id = $1`, [id]);
    expect(withConsent.opt_in).toEqual({ enabled: true, label: { ru: 'Сообщайте мне о новых кампаниях' } });
    const consentForm = (await browser.get(`/console/campaigns/${id}/settings`)).text;
    expect(consentForm).toMatch(/id="f-optIn-enabled" name="optIn.enabled" type="checkbox" value="true" checked/);
    expect(consentForm).toContain('value="Сообщайте мне о новых кампаниях"');
    // officials' replies through Appeals, forwarded to the supporters
    const relay = await browser.post(`/console/campaigns/${id}/settings`, {
      ...settings,
      'delivery.replies': 'relay',
      'delivery.forwardReplies': ['false', 'true'],
      'delivery.showSupporterEmail': 'false',
    });
    expect(relay.status).toBe(303);
    const [relayed] = await stack.db.query(`SELECT delivery FROM campaigns WHERE id = $1`, [id]);
    expect(relayed.delivery).toMatchObject({ replies: 'relay', forwardReplies: true, showSupporterEmail: false });
    expect((await browser.get(`/console/campaigns/${id}/settings`)).text).toMatch(/name="delivery.replies" value="relay" checked/);
    // the overview offers the signatories as a CSV file
    expect((await browser.get(`/console/campaigns/${id}`)).text).toContain(`action="/api/campaigns/${id}/signatures"`);
    // the slug is taken now: said beside the slug field
    const again = await browser.post('/console/campaigns', { ...fields, 'appeal.body': LETTER.body });
    expect(again.status).toBe(400);
    expect(pageText(again.text)).toContain(`Slug: The slug "${slug}" is taken`);
  });

  it('launches, pauses, resumes and closes after saying what each will do; refuses in words, and without the CSRF token changes nothing', async () => {
    const staff = (await newCampaigner(app)).staff;
    const [target] = await createTargets(staff, 1);
    const campaign = expectStatus(await staff.post('/api/campaigns', { slug: `c-${uniq()}`, title: 'Homs', appeal: LETTER }), 201);
    const base = `/console/campaigns/${campaign.id}`;

    // no launched target: the launch is refused, in words, on the campaign's page
    expect(pageText((await browser.get(`${base}/launch`)).text)).toContain('No target is launched yet');
    const refused = await browser.post(`${base}/launch`);
    expect(refused.status).toBe(303);
    expect(pageText((await browser.get(refused.location!)).text)).toContain('The campaign was not launched: Launch at least one target of the campaign first');

    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets`, { targetId: target.id }), 201);
    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets/${target.id}/launch`), 200, 202);
    const status = async () => (await stack.db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaign.id]))[0].status;

    // a form without its token (another site's page could not know it) is refused and changes nothing
    await browser.get(`${base}/launch`);
    const forged = await browser.post(`${base}/launch`, {}, { csrf: false });
    expect(forged.status).toBe(403);
    expect(pageText(forged.text)).toContain('CSRF token missing or wrong');
    const wrong = await browser.post(`${base}/launch`, { _csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect(await status()).toBe('draft');

    const launch = await browser.get(`${base}/launch`);
    expect(pageText(launch.text)).toContain(`Every confirmed signature becomes a letter to 1 launched target: ${target.name}.`);
    expect((await browser.post(`${base}/launch`)).status).toBe(303);
    expect(await status()).toBe('live');

    // two letters waiting: the pause says they will be held
    await stack.db.query(
      `WITH p AS (INSERT INTO supporters (email, first_name, last_name, country) VALUES ($2, 'A', 'B', 'LB') RETURNING id),
            s AS (INSERT INTO signatures (campaign_id, supporter_id, status, confirmed_at) SELECT $1, id, 'confirmed', now() FROM p RETURNING id)
       SELECT 1`,
      [campaign.id, `held.${uniq()}@supporters.example`],
    );
    expect(pageText((await browser.get(`${base}/pause`)).text)).toMatch(/letters? waiting will be held|No letter is waiting/);
    const paused = await browser.post(`${base}/pause`);
    expect(pageText((await browser.get(paused.location!)).text)).toContain('Paused: signing is closed');
    expect(await status()).toBe('paused');
    await browser.get(`${base}/resume`);
    await browser.post(`${base}/resume`);
    expect(await status()).toBe('live');
    expect(pageText((await browser.get(`${base}/close`)).text)).toContain('a closed campaign cannot be reopened');
    await browser.post(`${base}/close`);
    expect(await status()).toBe('closed');
    const actions = await stack.db.query(`SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'campaign.%' ORDER BY at`, [campaign.id]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'campaign.create',
      'campaign.launch',
      'campaign.pause',
      'campaign.resume',
      'campaign.close',
    ]);
  });

  it('lists the campaigns with their figures', async () => {
    const list = await browser.get('/console/campaigns');
    expect(list.status).toBe(200);
    const text = pageText(list.text);
    expect(text).toContain('Campaigns');
    expect(text).toContain('Letters sent of owed');
    expect(list.headers.get('cache-control')).toBe('no-store');
  });
});

import { expectStatus } from './helpers/api-client.js';
import { ConsoleClient, pageText } from './helpers/console-client.js';
import { LETTER, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * A campaign's letter and officials in the console, without JavaScript: translations added,
 * checked and saved; the preview for each official; a test letter; a version for some officials
 * added (with its translation), checked, previewed, saved and removed; the draft's page previewed;
 * officials searched, attached, launched and withdrawn with what each does said first; a target's
 * failed letters shown with their reasons; the proof of delivery downloaded.
 */
describe('console: a campaign’s letter and targets', () => {
  const { stack, app } = useStack();
  let browser: ConsoleClient;
  let staff: Awaited<ReturnType<typeof newCampaigner>>['staff'];
  let campaignerEmail: string;
  let campaign: { id: string; slug: string };
  let lavrov: { id: string; email: string };
  let elaraby: { id: string; email: string };
  const tag = uniq();

  beforeAll(async () => {
    const made = await newCampaigner(app);
    staff = made.staff;
    campaignerEmail = made.email;
    browser = await new ConsoleClient(app.url).signIn(made.email, 'campaigner-password-1');
    lavrov = expectStatus(
      await staff.post('/api/targets', {
        name: `Sergei Lavrov ${tag}`,
        title: 'Minister of Foreign Affairs',
        organization: 'Russian Federation',
        country: 'RU',
        email: `lavrov.${tag}@mid-ru.example`,
        locale: 'ru',
      }),
      201,
    );
    elaraby = expectStatus(
      await staff.post('/api/targets', {
        name: `Nabil Elaraby ${tag}`,
        title: 'Secretary-General',
        organization: 'League of Arab States',
        email: `sg.${tag}@arab-league.example`,
        locale: 'en',
      }),
      201,
    );
    campaign = expectStatus(
      await staff.post('/api/campaigns', { slug: `homs-${tag}`, title: 'Stop the assault on Homs', summary: 'Urge them.', appeal: LETTER }),
      201,
    );
  });

  const base = () => `/console/campaigns/${campaign.id}`;
  const saved = async () => (await stack.db.query(`SELECT appeal, translations FROM campaigns WHERE id = $1`, [campaign.id]))[0];

  it('adds a Russian translation of the page and the letter, refuses an unknown placeholder beside its field, and saves', async () => {
    const editor = await browser.get(`${base()}/letter`);
    expect(editor.status).toBe(200);
    expect(editor.text).toContain('data-insert="{{target.name}}"');
    const common = { locales: '', 'appeal.subject': LETTER.subject, 'appeal.body': LETTER.body };
    const added = await browser.post(`${base()}/letter`, { ...common, action: 'add', newLocale: 'RU' });
    expect(added.status).toBe(200);
    expect(added.text).toContain('name="locales" value="ru"');
    expect(added.text).toContain('name="appeal.translations.ru.subject"');
    expect((await saved()).appeal.translations ?? {}).toEqual({});

    const ru = {
      ...common,
      locales: 'ru',
      'translations.ru.title': 'Остановите штурм Хомса',
      'translations.ru.summary': 'Призовите их.',
      'appeal.translations.ru.subject': 'Остановите штурм Хомса',
      'appeal.translations.ru.body': 'Уважаемый {{target.name}}!\r\n\r\n{{target.shoe}}\r\n\r\n{{supporter.fullName}}',
    };
    const bad = await browser.post(`${base()}/letter`, { ...ru, action: 'save' });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Russian: Letter: Unknown placeholder {{target.shoe}}');
    expect(bad.text).toContain('Остановите штурм Хомса');
    expect((await saved()).appeal.translations ?? {}).toEqual({});

    const good = { ...ru, 'appeal.translations.ru.body': 'Уважаемый {{target.name}}!\r\n\r\n{{supporter.fullName}}' };
    const ok = await browser.post(`${base()}/letter`, { ...good, action: 'save', previewTarget: lavrov.id });
    expect(ok.status).toBe(303);
    expect(pageText((await browser.get(ok.location!)).text)).toContain('Letter saved, with Russian.');
    const row = await saved();
    expect(row.appeal.translations).toEqual({ ru: { subject: 'Остановите штурм Хомса', body: 'Уважаемый {{target.name}}!\n\n{{supporter.fullName}}' } });
    expect(row.translations).toEqual({ ru: { title: 'Остановите штурм Хомса', summary: 'Призовите их.' } });
    const [audit] = await stack.db.query(`SELECT details FROM audit_log WHERE action = 'campaign.update' AND subject_id = $1 ORDER BY at DESC LIMIT 1`, [
      campaign.id,
    ]);
    expect(audit.details.fields).toEqual(expect.arrayContaining(['appeal', 'translations']));
  });

  it('previews the letter as each official will read it, unsaved changes included, and mails a test letter to me', async () => {
    for (const t of [lavrov, elaraby]) expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets`, { targetId: t.id }), 201);
    const forLavrov = await browser.get(`${base()}/letter?target=${lavrov.id}`);
    expect(pageText(forLavrov.text)).toContain(`Уважаемый Sergei Lavrov ${tag}!`);
    const forElaraby = await browser.post(`${base()}/letter`, {
      locales: 'ru',
      'appeal.subject': 'A new subject, not saved',
      'appeal.body': 'Dear {{target.title}} {{target.name}}, please act.',
      'translations.ru.title': 'Остановите штурм Хомса',
      'appeal.translations.ru.subject': 'Тема',
      'appeal.translations.ru.body': 'Текст',
      previewTarget: elaraby.id,
      action: 'preview',
    });
    expect(forElaraby.status).toBe(200);
    expect(pageText(forElaraby.text)).toContain(`Dear Secretary-General Nabil Elaraby ${tag}, please act.`);
    expect((await saved()).appeal.subject).toBe(LETTER.subject);
    // the API the page's script calls as one types: an unsaved letter, checked like a saved one
    expect((await staff.post(`/api/campaigns/${campaign.id}/preview`, { targetId: lavrov.id, appeal: { subject: 'x', body: '{{nope}}' } })).status).toBe(400);
    const live = expectStatus(
      await staff.post(`/api/campaigns/${campaign.id}/preview`, { targetId: elaraby.id, appeal: { subject: 'Hi {{target.name}}', body: 'Body' } }),
      200,
    );
    expect(live.subject).toBe(`Hi Nabil Elaraby ${tag}`);

    await browser.get(`${base()}/letter?target=${lavrov.id}`);
    const sent = await browser.post(`${base()}/test-letter`, { targetId: lavrov.id });
    expect(sent.status).toBe(303);
    expect(pageText((await browser.get(sent.location!)).text)).toContain(`is on its way to ${campaignerEmail}`);
    const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(campaignerEmail));
    expect(mail.subject).toBe('[TEST] Остановите штурм Хомса');
    expect(mail.text).toContain(`Уважаемый Sergei Lavrov ${tag}!`);
  });

  it('adds a version for some officials with its own translation, keeps what was typed on an error, previews, saves and removes it', async () => {
    const editor = await browser.get(`${base()}/letter?target=${lavrov.id}`);
    expect(editor.text).toContain('name="versions" value="0"');
    expect(pageText(editor.text)).toContain('No version: every official gets the default letter');
    // the form as saved by the first test: the default letter and its Russian translation
    const form = {
      locales: 'ru',
      'appeal.subject': LETTER.subject,
      'appeal.body': LETTER.body,
      'translations.ru.title': 'Остановите штурм Хомса',
      'translations.ru.summary': 'Призовите их.',
      'appeal.translations.ru.subject': 'Остановите штурм Хомса',
      'appeal.translations.ru.body': 'Уважаемый {{target.name}}!\r\n\r\n{{supporter.fullName}}',
      previewTarget: lavrov.id,
    };
    const added = await browser.post(`${base()}/letter`, { ...form, versions: '0', action: 'add-version' });
    expect(added.status).toBe(200);
    expect(added.text).toContain('name="versions" value="1"');
    expect(added.text).toContain('name="appeal.versions.0.when.countries"');
    const russia = {
      ...form,
      versions: '1',
      'appeal.versions.0.name': 'Russia',
      'appeal.versions.0.when.countries': 'ru',
      'appeal.versions.0.subject': 'Russia can stop it, {{target.name}}',
      'appeal.versions.0.body': 'Dear {{target.name}},\r\n\r\nRussia can press Damascus.',
      'appeal.versions.0.newLocale': 'ru',
    };
    const translated = await browser.post(`${base()}/letter`, { ...russia, action: 'add-version-locale:0' });
    expect(translated.status).toBe(200);
    expect(translated.text).toContain('name="appeal.versions.0.locales" value="ru"');
    expect(translated.text).toContain('name="appeal.versions.0.translations.ru.subject"');
    expect(translated.text).toContain('value="Russia can stop it, {{target.name}}"');
    const withRu = {
      ...russia,
      'appeal.versions.0.newLocale': '',
      'appeal.versions.0.locales': 'ru',
      'appeal.versions.0.translations.ru.subject': 'Россия может это остановить, {{target.name}}',
      'appeal.versions.0.translations.ru.body': 'Уважаемый {{target.name}}!\r\n\r\n{{target.shoe}}',
    };

    const untranslated = await browser.post(`${base()}/letter`, { ...withRu, action: 'remove-version-locale:0:ru' });
    expect(untranslated.text).toContain('name="appeal.versions.0.locales" value=""');
    expect(pageText(untranslated.text)).toContain('Russian removed from version 1 in the form');

    // refused beside its field, what was typed kept, nothing saved
    const bad = await browser.post(`${base()}/letter`, { ...withRu, action: 'save' });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Version 1 (Russia): Russian: Letter: Unknown placeholder {{target.shoe}}');
    expect(bad.text).toContain('value="Россия может это остановить, {{target.name}}"');
    expect(bad.text).toContain('value="ru"');
    const good = { ...withRu, 'appeal.versions.0.translations.ru.body': 'Уважаемый {{target.name}}!\r\n\r\nРоссия может повлиять на Дамаск.' };
    const noCondition = await browser.post(`${base()}/letter`, { ...good, 'appeal.versions.0.when.countries': ' , ', action: 'save' });
    expect(noCondition.status).toBe(400);
    expect(pageText(noCondition.text)).toContain('Version 1 (Russia): For officials: Must give at least one condition: countries, organizations or tags');
    expect(pageText(noCondition.text)).toContain('Россия может повлиять на Дамаск.');
    expect((await saved()).appeal.versions).toBeUndefined();

    // previewed unsaved: the version in Russian for Lavrov, the default letter for the League
    const preview = await browser.post(`${base()}/letter`, { ...good, action: 'preview' });
    expect(preview.status).toBe(200);
    expect(pageText(preview.text)).toContain('Written from the “Russia” version, in its ru translation');
    expect(pageText(preview.text)).toContain('Россия может повлиять на Дамаск.');
    const forLeague = pageText((await browser.post(`${base()}/letter`, { ...good, previewTarget: elaraby.id, action: 'preview' })).text);
    const pane = forLeague.slice(forLeague.indexOf('Written from'));
    expect(pane).toContain('Written from the default letter');
    expect(pane).toContain(`Dear Secretary-General Nabil Elaraby ${tag},`);
    expect(pane).not.toContain('Damascus');

    const ok = await browser.post(`${base()}/letter`, { ...good, action: 'save' });
    expect(ok.status).toBe(303);
    expect((await saved()).appeal.versions).toEqual([
      {
        name: 'Russia',
        when: { countries: ['RU'] },
        subject: 'Russia can stop it, {{target.name}}',
        body: 'Dear {{target.name}},\n\nRussia can press Damascus.',
        translations: {
          ru: { subject: 'Россия может это остановить, {{target.name}}', body: 'Уважаемый {{target.name}}!\n\nРоссия может повлиять на Дамаск.' },
        },
      },
    ]);
    const shown = await browser.get(ok.location!);
    expect(shown.text).toContain('name="appeal.versions.0.when.countries" type="text" value="RU"');
    expect(pageText(shown.text)).toContain('Written from the “Russia” version, in its ru translation');

    // removed from the form, then from the campaign by saving
    const removed = await browser.post(`${base()}/letter`, { ...good, action: 'remove-version:0' });
    expect(removed.status).toBe(200);
    expect(removed.text).toContain('name="versions" value="0"');
    expect(pageText(removed.text)).toContain('Version 1 (Russia) removed from the form: save the letter to remove it from the campaign.');
    expect((await browser.post(`${base()}/letter`, { ...form, versions: '0', action: 'save' })).status).toBe(303);
    expect((await saved()).appeal.versions).toBeUndefined();
    expect((await saved()).appeal.translations.ru.subject).toBe('Остановите штурм Хомса');
  });

  it('shows the draft’s page to its campaigner before anyone else, in each language', async () => {
    expect((await app.api.get(`/c/${campaign.slug}`)).text).not.toContain('Urge them.');
    const preview = await browser.get(`${base()}/page?lang=ru`);
    expect(preview.status).toBe(200);
    const text = pageText(preview.text);
    expect(text).toContain('Preview of a draft campaign');
    expect(text).toContain('Остановите штурм Хомса');
    expect(text).toContain(`Sergei Lavrov ${tag}`);
    expect(preview.text).toContain('<html lang="ru"');
  });

  it('finds officials in the directory, attaches, launches and withdraws them, saying what each does', async () => {
    const found = await browser.get(`${base()}/targets?q=${encodeURIComponent('Arab League')}`);
    expect(found.status).toBe(200);
    expect(pageText(found.text)).toContain('No official in the directory matches “Arab League”');
    const league = await browser.get(`${base()}/targets?q=${encodeURIComponent('League of Arab')}`);
    expect(pageText(league.text)).toContain(`Nabil Elaraby ${tag}`);
    expect(league.text).toMatch(/id="target-results"/);

    const launchPage = await browser.get(`${base()}/targets/${lavrov.id}/launch`);
    expect(pageText(launchPage.text)).toContain('No signature is confirmed yet');
    expect((await browser.post(`${base()}/targets/${lavrov.id}/launch`)).status).toBe(303);
    await browser.get(`${base()}/targets/${elaraby.id}/launch`);
    await browser.post(`${base()}/targets/${elaraby.id}/launch`);
    await browser.get(`${base()}/launch`);
    await browser.post(`${base()}/launch`);
    expect((await stack.db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaign.id]))[0].status).toBe('live');

    // the League's address refuses mail: its letter fails, with the reason on the target's page
    stack.smtp.faults.permfailRcpt = new RegExp(`^sg\\.${tag}@`);
    await signAndConfirm(app.api, stack.smtp, campaign.slug, supporter(1, tag));
    await waitFor(
      async () => (await stack.db.query(`SELECT status FROM deliveries WHERE campaign_id = $1 AND status IN ('sent', 'failed')`, [campaign.id])).length === 2,
      'one letter sent and one refused',
    );
    const detail = await browser.get(`${base()}/targets/${elaraby.id}`);
    const text = pageText(detail.text);
    expect(text).toContain('Why letters failed');
    expect(text).toMatch(/550[^<]*no such user/);
    // the same figures on the API: the League's letter failed, with its reason; Lavrov's was sent
    const letters = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/letters`), 200);
    const toLeague = letters.targets.find((t: { targetId: string }) => t.targetId === elaraby.id);
    expect(toLeague).toMatchObject({ owed: 1, counts: { failed: 1, sent: 0 } });
    expect(toLeague.failures[0].reason).toMatch(/^550 /);
    expect(letters.targets.find((t: { targetId: string }) => t.targetId === lavrov.id)).toMatchObject({ owed: 1, counts: { sent: 1 }, failures: [] });
    expect((await staff.get(`/api/campaigns/00000000-0000-4000-8000-000000000000/letters`)).status).toBe(404);
    const receipt = await fetch(`${app.url}/api/campaigns/${campaign.id}/targets/${lavrov.id}/receipt?format=csv`, {
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(receipt.status).toBe(200);
    expect(await receipt.text()).toContain('Amal1 Haddad');

    // paused, with one more letter owed to the League: withdrawing says it cancels that one
    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/pause`), 200);
    await stack.db.query(
      `WITH p AS (INSERT INTO supporters (email, first_name, last_name, country) VALUES ($3, 'Rami', 'Nasser', 'JO') RETURNING id),
            s AS (INSERT INTO signatures (campaign_id, supporter_id, status, confirmed_at) SELECT $1, id, 'confirmed', now() FROM p RETURNING id)
       INSERT INTO deliveries (campaign_id, target_id, signature_id, status) SELECT $1, $2, id, 'queued' FROM s`,
      [campaign.id, elaraby.id, `rami.${tag}@supporters.example`],
    );
    const withdraw = await browser.get(`${base()}/targets/${elaraby.id}/withdraw`);
    expect(pageText(withdraw.text)).toContain('1 letter not yet sent will be cancelled.');
    const done = await browser.post(`${base()}/targets/${elaraby.id}/withdraw`);
    expect(pageText((await browser.get(done.location!)).text)).toContain(`Nabil Elaraby ${tag} withdrawn: 1 unsent letter cancelled.`);
    expect((await stack.db.query(`SELECT status FROM campaign_targets WHERE campaign_id = $1 AND target_id = $2`, [campaign.id, elaraby.id]))[0].status).toBe(
      'withdrawn',
    );
  });
});

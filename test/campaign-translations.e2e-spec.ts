import { DEMO_TRANSLATIONS } from '../src/seed/demo-campaign.js';
import { expectStatus } from './helpers/api-client.js';
import { createTargets, LETTER, newCampaigner, uniq } from './helpers/fixtures.js';
import { confirmTokenIn, withdrawTokenIn } from './helpers/smtp-server.js';
import { type RunningApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { stampIn } from './browser/support.js';

const RU_LETTER = {
  subject: 'Остановите обстрел Хомса, {{target.name}}',
  body: 'Уважаемый {{target.title}} {{target.name}}!\n\nПрошу {{target.organization}} добиться прекращения обстрелов.\n\nС уважением,\n{{supporter.fullName}}',
};
const AR_LETTER = {
  subject: 'أوقفوا قصف حمص يا {{target.name}}',
  body: 'حضرة {{target.title}} {{target.name}} المحترم،\n\nأطلب من {{target.organization}} وقف القصف.\n\nمع خالص التقدير،\n{{supporter.fullName}}',
};
const TRANSLATIONS = {
  ru: { title: 'Остановите штурм Хомса', summary: 'Призовите их действовать.' },
  ar: { title: 'أوقفوا الهجوم على حمص', summary: 'طالبوهم بالتحرك.' },
};

/**
 * A campaign that speaks its supporters' languages (issue 21, item 1): its title and summary by
 * locale (`translations`, beside the letter's own in `appeal.translations`), chosen by the page's
 * language on /c/:slug, the pages behind the emailed links and the emails themselves, and by
 * ?lang= in the public API; the default text when there is no translation.
 */
describe('campaign translations', () => {
  // FORM_MIN_FILL_SECONDS=0: the form's signed stamp is still checked, its age is not
  const { stack, app } = useStack({ app: { FORM_MIN_FILL_SECONDS: '0' } });
  let staff: RunningApp['api'];
  let campaign: { id: string; slug: string };

  beforeAll(async () => {
    ({ staff } = await newCampaigner(app));
    const [target] = await createTargets(staff, 1);
    const slug = `homs-${uniq()}`;
    const created = await staff.post('/api/campaigns', {
      slug,
      title: 'Stop the assault on Homs',
      summary: 'Urge them to act.',
      translations: { ...TRANSLATIONS, ru: { ...TRANSLATIONS.ru, title: '  Остановите штурм Хомса  ' } },
      appeal: { ...LETTER, translations: { ru: RU_LETTER, ar: AR_LETTER } },
    });
    expect(created.status).toBe(201);
    // titles are trimmed like the default one; the view gives the map as saved
    expect(created.json.translations).toEqual(TRANSLATIONS);
    campaign = { id: created.json.id, slug };
    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets`, { targetId: target.id }), 201);
    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets/${target.id}/launch`), 200);
    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/launch`), 200);
  });

  const page = (path: string, headers: Record<string, string> = {}) => app.api.call('GET', path, undefined, headers);

  describe('saving them', () => {
    it('400 names each bad key and field of translations, and saves nothing', async () => {
      const before = (await stack.db.query(`SELECT count(*)::int AS n FROM campaigns`))[0].n;
      const r = await staff.post('/api/campaigns', {
        slug: `homs-${uniq()}`,
        title: 'T',
        appeal: LETTER,
        translations: { 'not a tag': { title: 'x' }, ru: { title: '' }, ar: { title: 'ok', summary: 'ok', subject: 'no' } },
      });
      expect(r.status).toBe(400);
      expect(r.json.message).toEqual([
        'translations.not a tag: "not a tag" is not a BCP 47 language tag',
        'translations.ru.title must be one line of 1 to 200 characters',
        'translations.ar: unknown field(s) subject',
      ]);
      const notAMap = await staff.post('/api/campaigns', { slug: `homs-${uniq()}`, title: 'T', appeal: LETTER, translations: ['ru'] });
      expect(notAMap.status).toBe(400);
      expect(notAMap.json.message).toEqual(['translations must be an object keyed by locale: { "ru": { "title": "…", "summary": "…" } }']);
      expect((await stack.db.query(`SELECT count(*)::int AS n FROM campaigns`))[0].n).toBe(before);
    });

    it('PATCH replaces them (a bad one is a 400 and changes nothing; null is refused); the list shows them', async () => {
      const draft = expectStatus(await staff.post('/api/campaigns', { slug: `homs-${uniq()}`, title: 'T', appeal: LETTER }), 201);
      expect(draft.translations).toEqual({});
      const changed = expectStatus(await staff.patch(`/api/campaigns/${draft.id}`, { translations: { ru: { title: 'Т' } } }), 200);
      expect(changed.translations).toEqual({ ru: { title: 'Т' } });
      const bad = await staff.patch(`/api/campaigns/${draft.id}`, { translations: { ru: { title: 'a\u0007b' } } });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toEqual(['translations.ru.title must be one line of 1 to 200 characters']);
      const nulled = await staff.patch(`/api/campaigns/${draft.id}`, { translations: null });
      expect(nulled.status).toBe(400);
      expect(nulled.json.message).toEqual(['translations cannot be null']);
      expect(expectStatus(await staff.get(`/api/campaigns/${draft.id}`), 200).translations).toEqual({ ru: { title: 'Т' } });
      const listed = expectStatus(await staff.get('/api/campaigns?limit=50'), 200).items.find((c: { id: string }) => c.id === campaign.id);
      expect(listed.translations).toEqual(TRANSLATIONS);
    });
  });

  describe('the campaign page', () => {
    it('in Russian: the title, summary and letter of the Russian translation, the blanks explained in Russian', async () => {
      const r = await page(`/c/${campaign.slug}?lang=ru`);
      expect(r.status).toBe(200);
      expect(r.text).toContain('<html lang="ru" dir="ltr">');
      expect(r.text).toContain('<title>Остановите штурм Хомса</title>');
      expect(r.text).toContain('<h1 dir="auto">Остановите штурм Хомса</h1>');
      expect(r.text).toContain('<p class="summary" dir="auto">Призовите их действовать.</p>');
      expect(r.text).toContain('<meta name="description" content="Призовите их действовать.">');
      expect(r.text).toContain('Остановите обстрел Хомса, <mark class="slot">имя адресата</mark>');
      expect(r.text).toContain('Прошу <mark class="slot">его правительство или организация</mark> добиться прекращения обстрелов.');
      expect(r.text).not.toContain('Stop the assault on Homs');
      expect(r.text).not.toContain('I urge');
      // the browser's language chooses the same way
      expect((await page(`/c/${campaign.slug}`, { 'accept-language': 'ru-RU,ru;q=0.9' })).text).toContain('<h1 dir="auto">Остановите штурм Хомса</h1>');
    });

    it('in Arabic: the Arabic translation, right to left', async () => {
      const r = await page(`/c/${campaign.slug}?lang=ar`);
      expect(r.text).toContain('<html lang="ar" dir="rtl">');
      expect(r.text).toContain('<h1 dir="auto">أوقفوا الهجوم على حمص</h1>');
      expect(r.text).toContain('<p class="summary" dir="auto">طالبوهم بالتحرك.</p>');
      expect(r.text).toContain('أوقفوا قصف حمص يا <mark class="slot">اسم المسؤول</mark>');
      expect(r.text).not.toContain('Stop the assault on Homs');
    });

    it('in English (no translation for it): the default text, as written', async () => {
      const r = await page(`/c/${campaign.slug}?lang=en`);
      expect(r.text).toContain('<h1 dir="auto">Stop the assault on Homs</h1>');
      expect(r.text).toContain('<p class="summary" dir="auto">Urge them to act.</p>');
      expect(r.text).toContain('Use your influence to stop the assault on Homs');
      expect(r.text).not.toContain('Остановите');
    });
  });

  describe('the public API', () => {
    it('GET /api/public/campaigns/:slug?lang= answers the title, summary and letter in that language, else the default', async () => {
      const ru = expectStatus(await app.api.get(`/api/public/campaigns/${campaign.slug}?lang=ru`), 200);
      expect(ru).toMatchObject({
        slug: campaign.slug,
        title: 'Остановите штурм Хомса',
        summary: 'Призовите их действовать.',
        translation: 'ru',
        letter: { ...RU_LETTER, translation: 'ru' },
        status: 'live',
        deliveryStartAt: null,
      });
      expect(JSON.stringify(ru)).not.toContain('@'); // never an address
      const ar = expectStatus(await app.api.get(`/api/public/campaigns/${campaign.slug}?lang=ar-SY`), 200);
      expect(ar).toMatchObject({ title: 'أوقفوا الهجوم على حمص', summary: 'طالبوهم بالتحرك.', translation: 'ar', letter: { ...AR_LETTER, translation: 'ar' } });
      for (const path of [`/api/public/campaigns/${campaign.slug}`, `/api/public/campaigns/${campaign.slug}?lang=fr&utm_source=x`]) {
        expect(expectStatus(await app.api.get(path), 200)).toMatchObject({
          title: 'Stop the assault on Homs',
          summary: 'Urge them to act.',
          translation: null,
          letter: { subject: LETTER.subject, body: LETTER.body, translation: null },
        });
      }
      const bad = await app.api.get(`/api/public/campaigns/${campaign.slug}?lang=${encodeURIComponent('not a tag')}`);
      expect(bad.status).toBe(400);
      expect(bad.json.message).toEqual(['lang must be a BCP 47 language tag, such as ru or ar']);
    });
  });

  describe('signing in Russian', () => {
    it('the emails, the confirmation page with its share links, and the withdrawal pages name the campaign in Russian', async () => {
      const email = `ru.${uniq()}@supporters.example`;
      const form = await page(`/c/${campaign.slug}?lang=ru`);
      const signed = await app.api.call(
        'POST',
        `/c/${campaign.slug}?lang=ru`,
        new URLSearchParams({ firstName: 'Анна', lastName: 'Петрова', email, country: 'RU', stamp: stampIn(form.text), website: '' }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded' },
      );
      expect(signed.status).toBe(303);

      const [confirmation] = await stack.smtp.waitFor((m) => m.rcptTo.includes(email) && !!m.headers['x-appeal-notification']);
      expect(confirmation.subject).toBe('Подтвердите подпись: Остановите штурм Хомса');
      expect(confirmation.text).toContain('Спасибо, что подписали «Остановите штурм Хомса».');

      const confirmed = await page(`/confirm/${confirmTokenIn(confirmation)}?lang=ru`);
      expect(confirmed.status).toBe(200);
      expect(confirmed.text).toContain('<strong dir="auto">Остановите штурм Хомса</strong>');
      // the share links speak of the campaign as the page does
      expect(confirmed.text).toContain('data-title="Остановите штурм Хомса"');
      expect(confirmed.text).toContain('data-text="Я подписал(а) «Остановите штурм Хомса». Добавьте и свою подпись:"');
      expect(confirmed.text).toContain(`mailto:?subject=${encodeURIComponent('Остановите штурм Хомса')}`);

      const [thanks] = await stack.smtp.waitFor((m) => m.rcptTo.includes(email) && !!m.headers['x-appeal-thank-you']);
      expect(thanks.subject).toBe('Спасибо: ваша подпись подтверждена – Остановите штурм Хомса');
      const withdraw = await page(`/withdraw/${withdrawTokenIn(thanks)}?lang=ru`);
      expect(withdraw.text).toContain('Вы подписали «Остановите штурм Хомса».');
      // the same link opened in English names the default title
      expect((await page(`/withdraw/${withdrawTokenIn(thanks)}?lang=en`)).text).toContain('You signed “Stop the assault on Homs”.');

      // the JSON API keeps answering the default title
      const api = expectStatus(await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(confirmation) }), 200);
      expect(api).toEqual({ status: 'confirmed', campaign: { slug: campaign.slug, title: 'Stop the assault on Homs' } });
    });
  });

  it('the demo campaign carries Russian and Arabic translations that pass the same checks', async () => {
    const r = await staff.post('/api/campaigns', {
      slug: `homs-${uniq()}`,
      title: 'Stop the assault on Homs',
      appeal: { ...LETTER, translations: DEMO_TRANSLATIONS.appeal },
      translations: DEMO_TRANSLATIONS.campaign,
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json.translations).sort()).toEqual(['ar', 'ru']);
  });
});

import { appealTextFor, campaignTextFor, campaignTitleFor, translationKey } from './campaign-text.js';
import { validateCampaignTranslations } from './letter-shape.js';

const campaign = {
  title: 'Stop the assault on Homs',
  summary: 'Urge them to act.',
  translations: {
    ru: { title: 'Остановите штурм Хомса', summary: 'Призовите их действовать.' },
    'ar-SY': { title: 'أوقفوا الهجوم على حمص' },
  },
};

describe("a campaign's own words by language", () => {
  it('picks the exact tag, then the language, case aside; else the default', () => {
    expect(translationKey(campaign.translations, 'ru')).toBe('ru');
    expect(translationKey(campaign.translations, 'RU-ru')).toBe('ru');
    expect(translationKey(campaign.translations, 'ar-SY')).toBe('ar-SY');
    expect(translationKey({ ar: {}, 'ar-EG': {} }, 'ar-EG')).toBe('ar-EG');
    expect(translationKey({ ar: {}, 'ar-EG': {} }, 'ar-LB')).toBe('ar');
    expect(translationKey(campaign.translations, 'ar')).toBeNull(); // "ar-SY" is more particular than what was asked
    expect(translationKey(campaign.translations, 'en')).toBeNull();
    expect(translationKey(undefined, 'ru')).toBeNull();
    expect(translationKey(campaign.translations, null)).toBeNull();
  });

  it('gives the title and summary of the translation, the default summary when it has none', () => {
    expect(campaignTextFor(campaign, 'ru')).toEqual({ title: 'Остановите штурм Хомса', summary: 'Призовите их действовать.', translation: 'ru' });
    expect(campaignTextFor(campaign, 'ar-SY')).toEqual({ title: 'أوقفوا الهجوم على حمص', summary: 'Urge them to act.', translation: 'ar-SY' });
    expect(campaignTextFor(campaign, 'en')).toEqual({ title: campaign.title, summary: campaign.summary, translation: null });
    expect(campaignTextFor({ ...campaign, translations: {} }, 'ru').translation).toBeNull();
    expect(campaignTitleFor(campaign, 'ru-RU')).toBe('Остановите штурм Хомса');
    expect(campaignTitleFor({ title: 'x' }, 'ru')).toBe('x');
  });

  it('gives the letter of the language, else the default letter', () => {
    const appeal = { subject: 'Hello', body: 'Dear {{target.name}}', translations: { ru: { subject: 'Здравствуйте', body: 'Уважаемый {{target.name}}' } } };
    expect(appealTextFor(appeal, 'ru')).toEqual({ subject: 'Здравствуйте', body: 'Уважаемый {{target.name}}', translation: 'ru' });
    expect(appealTextFor(appeal, 'ar')).toEqual({ subject: 'Hello', body: 'Dear {{target.name}}', translation: null });
  });
});

describe('the shape of translations', () => {
  it('accepts BCP 47 keys with a title and an optional summary', () => {
    expect(validateCampaignTranslations(undefined)).toEqual([]);
    expect(validateCampaignTranslations({})).toEqual([]);
    expect(validateCampaignTranslations(campaign.translations)).toEqual([]);
  });

  it('names each bad field', () => {
    expect(validateCampaignTranslations([])).toEqual(['translations must be an object keyed by locale: { "ru": { "title": "…", "summary": "…" } }']);
    expect(
      validateCampaignTranslations({
        'not a tag': { title: 'x' },
        ru: { title: '  ', summary: 'ok' },
        ar: { title: 'a\nb', summary: 42, subject: 'no' },
        fr: 'Arrêtez',
        de: { title: 'x'.repeat(201), summary: 'x'.repeat(5001) },
      }),
    ).toEqual([
      'translations.not a tag: "not a tag" is not a BCP 47 language tag',
      'translations.ru.title must be one line of 1 to 200 characters',
      'translations.ar: unknown field(s) subject',
      'translations.ar.title must be one line of 1 to 200 characters',
      'translations.ar.summary must be text of at most 5000 characters',
      'translations.fr must be { title, summary? }',
      'translations.de.title must be one line of 1 to 200 characters',
      'translations.de.summary must be text of at most 5000 characters',
    ]);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`x-tag${String(i).padStart(3, '0')}`, { title: 't' }]));
    expect(validateCampaignTranslations(many)).toContain('translations may hold at most 50 locales');
  });
});

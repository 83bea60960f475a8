import type { Appeal, LetterVersion } from './letter-template.js';
import { hasConditions, letterForTarget, versionFor, versionMatches } from './letter-versions.js';

const version = (name: string, when: LetterVersion['when'], translations?: LetterVersion['translations']): LetterVersion => ({
  name,
  when,
  subject: `${name} subject`,
  body: `${name} body`,
  ...(translations ? { translations } : {}),
});

const lavrov = { country: 'RU', organization: 'Russian Federation', tags: ['foreign-minister', 'p5'], locale: 'ru' };
const aboulGheit = { country: null, organization: 'League of Arab States', tags: ['secretary-general'], locale: 'ar' };
const barrot = { country: 'FR', organization: 'French Republic', tags: ['foreign-minister', 'p5', 'eu-council'], locale: 'fr' };

describe('letter versions: which letter a target gets', () => {
  it('falls back to the default letter (and its translation) when no version matches, or there is none', () => {
    const appeal: Appeal = { subject: 'en', body: 'en', translations: { ar: { subject: 'ar', body: 'ar' } } };
    expect(letterForTarget(appeal, aboulGheit)).toEqual({ subject: 'ar', body: 'ar', version: null, locale: 'ar' });
    const versioned: Appeal = { ...appeal, versions: [version('Russia', { countries: ['RU'] })] };
    expect(letterForTarget(versioned, aboulGheit)).toEqual({ subject: 'ar', body: 'ar', version: null, locale: 'ar' });
    expect(letterForTarget(versioned, barrot)).toEqual({ subject: 'en', body: 'en', version: null, locale: null });
  });

  it('gives the first version whose conditions match, whatever comes after it', () => {
    const appeal: Appeal = {
      subject: 'en',
      body: 'en',
      versions: [version('Ministers', { tags: ['foreign-minister'] }), version('Russia', { countries: ['RU'] }), version('P5', { tags: ['p5'] })],
    };
    expect(versionFor(appeal, lavrov)?.name).toBe('Ministers');
    expect(versionFor({ ...appeal, versions: appeal.versions!.slice(1) }, lavrov)?.name).toBe('Russia');
    expect(letterForTarget(appeal, barrot)).toMatchObject({ version: 'Ministers', subject: 'Ministers subject' });
  });

  it('needs every condition given to match', () => {
    const when = { countries: ['RU', 'FR'], tags: ['eu-council'] };
    expect(versionMatches(when, barrot)).toBe(true);
    expect(versionMatches(when, lavrov)).toBe(false); // its country is listed, none of its tags is
    expect(versionMatches({ countries: ['FR'], organizations: ['Russian Federation'] }, barrot)).toBe(false);
    expect(versionMatches({ countries: ['FR'], organizations: ['French Republic'], tags: ['p5'] }, barrot)).toBe(true);
  });

  it('matches a version for nobody when its conditions give nothing (such a version is refused on saving)', () => {
    for (const when of [{}, { countries: [] }, { countries: [], organizations: [], tags: [] }, null, undefined]) {
      expect(hasConditions(when)).toBe(false);
      expect(versionMatches(when, lavrov)).toBe(false);
    }
    // an empty list beside a real condition counts as not given
    expect(versionMatches({ countries: ['RU'], tags: [] }, lavrov)).toBe(true);
    expect(letterForTarget({ subject: 'en', body: 'en', versions: [version('Everyone?', {})] }, lavrov).version).toBeNull();
  });

  it('compares countries as ISO codes, and a target without a country matches no country', () => {
    expect(versionMatches({ countries: ['RU'] }, lavrov)).toBe(true);
    expect(versionMatches({ countries: ['ru'] }, { ...lavrov, country: 'RU' })).toBe(true);
    expect(versionMatches({ countries: ['RU'] }, barrot)).toBe(false);
    expect(versionMatches({ countries: ['RU'] }, aboulGheit)).toBe(false);
  });

  it('compares organizations trimmed and in any case, whole names only', () => {
    expect(versionMatches({ organizations: ['  league of ARAB states '] }, aboulGheit)).toBe(true);
    expect(versionMatches({ organizations: ['League of Arab States'] }, { ...aboulGheit, organization: ' LEAGUE OF ARAB STATES' })).toBe(true);
    expect(versionMatches({ organizations: ['League'] }, aboulGheit)).toBe(false);
    expect(versionMatches({ organizations: ['League of Arab States'] }, { ...aboulGheit, organization: '' })).toBe(false);
  });

  it('matches tags when the target has at least one of those listed', () => {
    expect(versionMatches({ tags: ['eu-council', 'g7'] }, barrot)).toBe(true);
    expect(versionMatches({ tags: ['eu-council', 'g7'] }, lavrov)).toBe(false);
    expect(versionMatches({ tags: ['secretary-general'] }, { ...aboulGheit, tags: [] })).toBe(false);
    expect(versionMatches({ tags: ['secretary-general'] }, { ...aboulGheit, tags: null })).toBe(false);
  });

  it("picks the translation inside the chosen version by the target's locale, as the default letter's", () => {
    const appeal: Appeal = {
      subject: 'en',
      body: 'en',
      translations: { ru: { subject: 'default ru', body: 'default ru' } },
      versions: [version('Russia', { countries: ['RU'] }, { ru: { subject: 'Россия', body: 'Россия' }, 'pt-BR': { subject: 'br', body: 'br' } })],
    };
    expect(letterForTarget(appeal, lavrov)).toEqual({ subject: 'Россия', body: 'Россия', version: 'Russia', locale: 'ru' });
    expect(letterForTarget(appeal, { ...lavrov, locale: 'ru-RU' })).toMatchObject({ version: 'Russia', locale: 'ru' });
    expect(letterForTarget(appeal, { ...lavrov, locale: 'PT-br' })).toMatchObject({ subject: 'br', locale: 'pt-BR' });
    // a version without the target's language: the version's own text, never the default letter's translation
    expect(letterForTarget(appeal, { ...lavrov, locale: 'ar' })).toEqual({ subject: 'Russia subject', body: 'Russia body', version: 'Russia', locale: null });
    expect(letterForTarget(appeal, { ...barrot, locale: 'ru' })).toEqual({ subject: 'default ru', body: 'default ru', version: null, locale: 'ru' });
  });
});

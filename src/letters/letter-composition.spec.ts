import { letterFacts } from './letter-facts.fixture.js';
import { composeLetter, countryName } from './letter-composition.js';

const facts = letterFacts;

describe('the letter from one supporter', () => {
  it('adds the comment and the signature line when the template does not place them', () => {
    expect(composeLetter(facts({ comment: 'Protect civilians.' })).text).toBe(
      'Dear Sergei Lavrov,\n\nPlease act.\n\nProtect civilians.\n\nAmal Haddad, Lebanon',
    );
    expect(composeLetter(facts()).text).toBe('Dear Sergei Lavrov,\n\nPlease act.\n\nAmal Haddad, Lebanon');
  });

  it('does not repeat what the template already places', () => {
    const body = 'Dear {{target.name}},\n\n{{supporter.comment}}\n\n{{supporter.fullName}}';
    expect(composeLetter(facts({ comment: 'Now.' }, body)).text).toBe('Dear Sergei Lavrov,\n\nNow.\n\nAmal Haddad');
  });

  it("writes the target's version in its translation, the supporter's country in that language, and says which it wrote", () => {
    const base = facts();
    const appeal = {
      ...base.campaign.appeal,
      versions: [
        { name: 'Arab League', when: { organizations: ['League of Arab States'] }, subject: 'League', body: 'League' },
        {
          name: 'Russia',
          when: { countries: ['RU'], tags: ['foreign-minister'] },
          subject: 'Russia, {{target.name}}',
          body: 'Russia, act.',
          translations: { ru: { subject: 'Россия, {{target.name}}', body: 'Россия, действуйте.' } },
        },
      ],
    };
    const ru = composeLetter({ ...base, campaign: { ...base.campaign, appeal }, target: { ...base.target, locale: 'ru' } });
    expect(ru).toMatchObject({ version: 'Russia', translation: 'ru', subject: 'Россия, Sergei Lavrov', text: 'Россия, действуйте.\n\nAmal Haddad, Ливан' });
    const en = composeLetter({ ...base, campaign: { ...base.campaign, appeal } });
    expect(en).toMatchObject({ version: 'Russia', translation: null, subject: 'Russia, Sergei Lavrov', text: 'Russia, act.\n\nAmal Haddad, Lebanon' });
    const untagged = composeLetter({ ...base, campaign: { ...base.campaign, appeal }, target: { ...base.target, tags: [] } });
    expect(untagged).toMatchObject({ version: null, translation: null, subject: 'Stop it, Sergei Lavrov' });
  });

  it("names the country in the letter's language", () => {
    expect(countryName('LB')).toBe('Lebanon');
    expect(countryName('LB', 'ru')).toBe('Ливан');
  });
});

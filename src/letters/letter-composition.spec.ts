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

describe('a letter whose body the supporter wrote', () => {
  const template = 'Dear {{target.title}} {{target.name}},\n\nPlease act.\n\nYours,\n{{supporter.fullName}}, {{supporter.country}}';

  it('keeps the salutation and the signature, rendered for the target, around the supporter’s text', () => {
    const letter = composeLetter(facts({ letterBody: 'I lived in Homs.\r\n\r\n\r\nMy family is still there.' }, template));
    expect(letter.text).toBe('Dear Minister Sergei Lavrov,\n\nI lived in Homs.\n\nMy family is still there.\n\nAmal Haddad, Lebanon');
    expect(letter.html).toBe('<p>Dear Minister Sergei Lavrov,</p>\n<p>I lived in Homs.</p>\n<p>My family is still there.</p>\n<p>Amal Haddad, Lebanon</p>');
  });

  it('never expands a placeholder the supporter typed, and escapes markup in the HTML part', () => {
    const letter = composeLetter(facts({ letterBody: 'Dear {{target.name}}, {{ supporter.fullName }} <b>asks</b>.' }, template));
    expect(letter.text).toBe('Dear Minister Sergei Lavrov,\n\nDear {{target.name}}, {{ supporter.fullName }} <b>asks</b>.\n\nAmal Haddad, Lebanon');
    expect(letter.html).toContain('{{target.name}}, {{ supporter.fullName }} &lt;b&gt;asks&lt;/b&gt;.');
  });

  it('adds a comment after the text, and signs with name and country when the template has no signature of its own', () => {
    const letter = composeLetter(facts({ letterBody: 'My words.', comment: 'And {{target.email}}.' }));
    expect(letter.text).toBe('Dear Sergei Lavrov,\n\nMy words.\n\nAnd {{target.email}}.\n\nAmal Haddad, Lebanon');
  });

  it("writes the target version's salutation in its translation", () => {
    const base = facts({ letterBody: 'Моё письмо.' }, template);
    const appeal = {
      ...base.campaign.appeal,
      translations: { ru: { subject: 'Остановите', body: 'Уважаемый {{target.name}}!\n\nДействуйте.\n\n{{supporter.fullName}}' } },
    };
    const ru = composeLetter({ ...base, campaign: { ...base.campaign, appeal }, target: { ...base.target, locale: 'ru' } });
    expect(ru).toMatchObject({ translation: 'ru', text: 'Уважаемый Sergei Lavrov!\n\nМоё письмо.\n\nAmal Haddad' });
  });

  it('without a body of its own, the letter is the campaign’s', () => {
    expect(composeLetter(facts({ letterBody: null }, template)).text).toBe('Dear Minister Sergei Lavrov,\n\nPlease act.\n\nYours,\nAmal Haddad, Lebanon');
  });
});

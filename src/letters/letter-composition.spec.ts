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

  it("names the country in the letter's language", () => {
    expect(countryName('LB')).toBe('Lebanon');
    expect(countryName('LB', 'ru')).toBe('Ливан');
  });
});

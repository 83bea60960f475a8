import { composeLetter, countryName, type LetterFacts } from './letter-composition.js';

const facts = (over: Partial<LetterFacts['supporter']> = {}, body?: string): LetterFacts => ({
  deliveryId: '7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11',
  campaign: {
    slug: 'homs',
    title: 'Stop the assault on Homs',
    appeal: { subject: 'Stop it, {{target.name}}', body: body ?? 'Dear {{target.name}},\n\nPlease act.' },
  },
  target: { name: 'Sergei Lavrov', title: 'Minister', organization: 'Russian Federation', email: 'minister@mid.example', locale: 'en' },
  supporter: { firstName: 'Amal', lastName: 'Haddad', email: 'amal@example.org', country: 'LB', comment: null, ...over },
});

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

import { digestFacts, FIXTURE_DELIVERY_ID, FIXTURE_TARGET } from './letter-facts.fixture.js';
import { composeDigest, composeLetter, countryName, type LetterFacts } from './letter-composition.js';

const digest = digestFacts;
const target = FIXTURE_TARGET;
const deliveryId = FIXTURE_DELIVERY_ID;

describe('a digest letter', () => {
  it('counts the signatories it leaves out, and says how many more there are', () => {
    const letter = composeDigest(digest({ more: 1234 }));
    expect(letter.subject).toBe('1,236 people: Stop the assault on Homs');
    expect(letter.text.split('\n').slice(-3)).toEqual(['Amal Haddad, Lebanon', 'Ivan, Russia', '… and 1,234 more']);
    expect(composeDigest(digest()).text).not.toContain('more');
  });

  it("writes the count and the countries in the target's language", () => {
    const letter = composeDigest(digest({ target: { ...target, locale: 'ru' }, more: 998 }));
    expect(letter.subject).toBe(`1${'\u00a0'}000 человек`);
    expect(letter.text).toBe('Amal Haddad, Ливан\nIvan, Россия\n… and 998 more');
  });

  it("writes the target's version, in its translation, as a single letter would", () => {
    const base = digest();
    const versions = [
      {
        name: 'Ministers',
        when: { tags: ['foreign-minister'] },
        subject: '{{signatureCount}} ask you, {{target.name}}',
        body: '{{signatories}}',
        translations: { ru: { subject: '{{signatureCount}} просят вас', body: '{{signatories}}' } },
      },
    ];
    const campaign = { ...base.campaign, appeal: { ...base.campaign.appeal, versions } };
    expect(composeDigest({ ...base, campaign })).toMatchObject({ version: 'Ministers', translation: null, subject: '2 ask you, Sergei Lavrov' });
    expect(composeDigest({ ...base, campaign, target: { ...target, locale: 'ru' } })).toMatchObject({
      version: 'Ministers',
      translation: 'ru',
      subject: '2 просят вас',
    });
    expect(composeDigest({ ...base, campaign, target: { ...target, tags: ['p5'] } })).toMatchObject({
      version: null,
      subject: '2 people: Stop the assault on Homs',
    });
  });

  it('lists the signatories at the end when the template does not place them, and drops a one-supporter signature line', () => {
    const body =
      'Dear {{target.name}},\n\nPlease act.\n\n{{supporter.fullName}}, {{supporter.country}}\n— {{ supporter.firstName }}.\nYours, {{supporter.lastName}}';
    expect(composeDigest(digest({}, body)).text).toBe('Dear Sergei Lavrov,\n\nPlease act.\n\nYours, \n\nAmal Haddad, Lebanon\nIvan, Russia');
  });
});

const letterFacts = (supporter: Partial<LetterFacts['supporter']>, body: string): LetterFacts => ({
  deliveryId,
  campaign: { slug: 'homs', title: 'Homs', appeal: { subject: 's', body } },
  target,
  supporter: { firstName: 'Amal', lastName: 'Haddad', email: 'amal@example.org', country: 'LB', comment: null, ...supporter },
});

describe('an individual letter', () => {
  it('counts a template that signs with the last name, or places the comment with spaces in the braces, as signed and placed', () => {
    expect(composeLetter(letterFacts({ comment: 'Now.' }, 'Dear {{target.name}},\n\n{{ supporter.comment }}\n\nA. {{supporter.lastName}}')).text).toBe(
      'Dear Sergei Lavrov,\n\nNow.\n\nA. Haddad',
    );
  });

  it('signs with the first name alone when there is no last name, and adds an empty comment nowhere', () => {
    expect(composeLetter(letterFacts({ lastName: '', comment: '' }, 'Please act.')).text).toBe('Please act.\n\nAmal, Lebanon');
  });
});

describe('country names', () => {
  it('takes a code in any case, and falls back to the code for an unknown region or language', () => {
    expect(countryName('lb')).toBe('Lebanon');
    expect(countryName('LB', 'ar')).toBe('لبنان');
    expect(countryName('LB', 'not a language!')).toBe('LB');
    expect(countryName('not a code')).toBe('not a code');
  });
});

import type { Appeal } from '../letters/letter-template.js';
import { normaliseVersions, validateLetterShape } from './letter-shape.js';

const russia = {
  name: 'Russia',
  when: { countries: ['RU'] },
  subject: 'Russia, act',
  body: 'Dear {{target.name}}',
  translations: { ru: { subject: 'Россия', body: 'Текст' } },
};
const appeal = (versions: unknown): Appeal => ({ subject: 'Act', body: 'Please act.', versions }) as Appeal;

describe('the shape of a letter: versions', () => {
  it('takes no versions, an empty list, and well-formed versions', () => {
    expect(validateLetterShape({ subject: 's', body: 'b' })).toEqual([]);
    expect(validateLetterShape(appeal([]))).toEqual([]);
    expect(
      validateLetterShape(
        appeal([russia, { name: 'Ministers', when: { tags: ['foreign-minister'], organizations: ['Quai d’Orsay'] }, subject: 's', body: 'b' }]),
      ),
    ).toEqual([]);
  });

  it('refuses a version whose conditions give nothing, naming it', () => {
    for (const when of [{}, { countries: [] }, { countries: [], organizations: [], tags: [] }]) {
      expect(validateLetterShape(appeal([{ ...russia, when }]))).toEqual([
        'appeal.versions[0] ("Russia").when must give at least one condition: countries, organizations or tags',
      ]);
    }
    expect(validateLetterShape(appeal([{ ...russia, when: undefined }]))).toEqual([
      'appeal.versions[0] ("Russia").when must be an object giving at least one condition: { countries?, organizations?, tags? }',
    ]);
  });

  it('names each bad part of each version: name, conditions, subject, body, translations, unknown fields', () => {
    const problems = validateLetterShape(
      appeal([
        { ...russia, name: ' ', when: { countries: ['RU', 'XX', 'su'], country: ['RU'] } },
        { ...russia, name: 'x'.repeat(101), when: { organizations: [''], tags: ['Foreign Minister'] }, subject: 'a\nb', body: '' },
        { ...russia, translations: { 'not a tag': { subject: 's', body: 'b' }, ru: { subject: 's' } }, extra: true },
        { ...russia, name: 'RUSSIA ', when: { tags: 'foreign-minister' } },
        null,
      ]),
    );
    expect(problems).toEqual([
      'appeal.versions[0] (" ").name must be one line of 1 to 100 characters',
      'appeal.versions[0] (" ").when: unknown field(s) country (the conditions are countries, organizations and tags)',
      'appeal.versions[0] (" ").when.countries: "XX", "su" are not ISO 3166-1 alpha-2 country codes (such as "RU")',
      `appeal.versions[1] ("${'x'.repeat(101)}").name must be one line of 1 to 100 characters`,
      `appeal.versions[1] ("${'x'.repeat(101)}").when.organizations must each be one line of 1 to 200 characters`,
      `appeal.versions[1] ("${'x'.repeat(101)}").when.tags must each be 1 to 50 letters, digits, - or _: "Foreign Minister" is not`,
      `appeal.versions[1] ("${'x'.repeat(101)}").subject must be one line of 1 to 300 characters`,
      `appeal.versions[1] ("${'x'.repeat(101)}").body must be text of 1 to 20000 characters`,
      'appeal.versions[2] ("Russia"): unknown field(s) extra',
      'appeal.versions[2] ("Russia").translations.not a tag: "not a tag" is not a BCP 47 language tag',
      'appeal.versions[2] ("Russia").translations.ru.body must be text of 1 to 20000 characters',
      'appeal.versions[3] ("RUSSIA ").name is the name of appeal.versions[2] already: each version needs a name of its own',
      'appeal.versions[3] ("RUSSIA ").when.tags must be a list of text',
      'appeal.versions[4] must be { name, when, subject, body, translations? }',
    ]);
  });

  it('takes at most 50 versions, in a list', () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ ...russia, name: `v${i}` }));
    expect(validateLetterShape(appeal(many))).toEqual(['appeal.versions may hold at most 50 versions: 51 given']);
    expect(validateLetterShape(appeal({ Russia: russia }))).toEqual([
      'appeal.versions must be a list: [{ name, when: { countries?, organizations?, tags? }, subject, body, translations? }]',
    ]);
  });

  it('stores conditions normalised: countries upper-case, tags lower-case, names and organizations trimmed, empty lists left out', () => {
    expect(
      normaliseVersions([
        { ...russia, name: ' Russia ', when: { countries: [' ru', 'RU', 'by'], organizations: [' Russian Federation '], tags: [' Foreign-Minister'] } },
      ]),
    ).toEqual([{ ...russia, name: 'Russia', when: { countries: ['RU', 'BY'], organizations: ['Russian Federation'], tags: ['foreign-minister'] } }]);
    expect(normaliseVersions([{ ...russia, when: { countries: [], tags: ['p5'] } }])).toEqual([{ ...russia, when: { tags: ['p5'] } }]);
    // other shapes are left for the validation to name
    expect(normaliseVersions('x')).toBe('x');
    expect(normaliseVersions([null, { ...russia, when: { countries: [1] } }])).toEqual([null, { ...russia, when: { countries: [1] } }]);
  });
});

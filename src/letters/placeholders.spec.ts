import { appealProblems, unknownPlaceholders } from './placeholders.js';

describe('letter placeholders', () => {
  it('names the unknown placeholders, once each, in order', () => {
    expect(unknownPlaceholders('{{target.name}} {{target.email}} {{ x }} {{target.email}}')).toEqual(['target.email', 'x']);
  });

  it('reports every bad placeholder of an appeal, translations included, naming the field', () => {
    expect(
      appealProblems({
        subject: 'Hi {{target.name}}',
        body: '{{supporter.email}} {{signatories}}',
        translations: { ru: { subject: '{{campaign.titel}}', body: 'ok' } },
      }),
    ).toEqual([
      'appeal.body: unknown placeholder {{supporter.email}}',
      'appeal.body: {{signatories}} is only available in digest mode',
      'appeal.translations.ru.subject: unknown placeholder {{campaign.titel}}',
    ]);
    expect(appealProblems({ subject: 's', body: '{{signatureCount}} {{signatories}}' }, 'digest')).toEqual([]);
  });

  it('reports a digest-only placeholder in a translation too, and in the subject', () => {
    expect(appealProblems({ subject: 's', body: 'b', translations: { ru: { subject: '{{ signatureCount }}', body: 'ok' } } })).toEqual([
      'appeal.translations.ru.subject: {{signatureCount}} is only available in digest mode',
    ]);
    expect(appealProblems({ subject: 'ok', body: 'ok' })).toEqual([]);
  });

  it('checks each version and its translations by the same rules, naming the version by its place and name', () => {
    const versions = [
      {
        name: 'Russia',
        when: { countries: ['RU'] },
        subject: 'ok',
        body: 'Dear {{target.nam}}',
        translations: { ru: { subject: '{{signatories}}', body: 'ok' } },
      },
      { name: 'Arab League', when: { organizations: ['League of Arab States'] }, subject: '{{foo}}', body: '{{signatureCount}}' },
    ];
    expect(appealProblems({ subject: 'ok', body: 'ok', versions })).toEqual([
      'appeal.versions[0] ("Russia").body: unknown placeholder {{target.nam}}',
      'appeal.versions[0] ("Russia").translations.ru.subject: {{signatories}} is only available in digest mode',
      'appeal.versions[1] ("Arab League").subject: unknown placeholder {{foo}}',
      'appeal.versions[1] ("Arab League").body: {{signatureCount}} is only available in digest mode',
    ]);
    expect(appealProblems({ subject: 'ok', body: 'ok', versions: [{ ...versions[1], subject: 's' }] }, 'digest')).toEqual([]);
  });

  it('leaves parts of the wrong shape to the shape check, without failing on them', () => {
    const garbage = { subject: 'ok', body: 'ok', translations: { ru: null }, versions: [null, 7, { subject: 3, translations: 'x' }] } as never;
    expect(appealProblems(garbage)).toEqual([]);
  });
});

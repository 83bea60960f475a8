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
});

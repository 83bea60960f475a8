import { letterForLocale, oneLine, renderLetter, renderTemplate } from './letter-renderer.js';

describe('letter templates', () => {
  it('replaces each placeholder of the closed set, with or without inner spaces', () => {
    expect(renderTemplate('Dear {{target.title}} {{ target.name }},', { 'target.title': 'Minister', 'target.name': 'Sergei Lavrov' })).toBe(
      'Dear Minister Sergei Lavrov,',
    );
  });

  it('inserts values as text: a value holding a placeholder is not rendered again', () => {
    const out = renderTemplate('{{supporter.comment}} / {{target.name}}', { 'supporter.comment': '{{target.name}} ${process.env}', 'target.name': 'X' });
    expect(out).toBe('{{target.name}} ${process.env} / X');
  });

  it('renders a missing value as nothing and leaves unknown names untouched', () => {
    expect(renderTemplate('[{{supporter.comment}}] {{nope}}', {})).toBe('[] {{nope}}');
  });

  it('keeps the subject on one line: CR, LF and control characters cannot forge headers', () => {
    const letter = renderLetter({ subject: 'Re: {{supporter.fullName}}', body: 'x' }, { 'supporter.fullName': 'Eve\r\nBcc: victim@example.org' });
    expect(letter.subject).toBe('Re: Eve Bcc: victim@example.org');
    expect(oneLine('a\u2028b\u0000c')).toBe('a b c');
  });

  it('escapes values in the HTML part, and keeps the text part as typed', () => {
    const letter = renderLetter(
      { subject: 's', body: 'Dear {{target.name}},\n\n{{supporter.comment}}' },
      {
        'target.name': 'A & B',
        'supporter.comment': '<script>alert(1)</script>',
      },
    );
    expect(letter.text).toBe('Dear A & B,\n\n<script>alert(1)</script>');
    expect(letter.html).toBe('<p>Dear A &amp; B,</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('drops the empty paragraph an absent comment leaves', () => {
    expect(renderLetter({ subject: 's', body: 'A\n\n{{supporter.comment}}\n\nB' }, {}).text).toBe('A\n\nB');
  });

  it("chooses the translation for the target's locale: exact, then language, then the default", () => {
    const appeal = { subject: 'en', body: 'en', translations: { ru: { subject: 'ru', body: 'ru' }, 'pt-BR': { subject: 'br', body: 'br' } } };
    expect(letterForLocale(appeal, 'ru').subject).toBe('ru');
    expect(letterForLocale(appeal, 'ru-RU').subject).toBe('ru');
    expect(letterForLocale(appeal, 'pt-br').subject).toBe('br');
    expect(letterForLocale(appeal, 'pt').subject).toBe('en');
    expect(letterForLocale(appeal, 'ar').subject).toBe('en');
    expect(letterForLocale(appeal, null)).toEqual({ subject: 'en', body: 'en', locale: null });
  });

  it('keeps single line breaks inside an HTML paragraph as <br>, and collapses runs of spaces in a subject', () => {
    const letter = renderLetter({ subject: '  Stop \n\n the   assault  ', body: '\nDear Minister,\nplease act.\n\n\n\nYours,\nAmal\n' }, {});
    expect(letter.html).toBe('<p>Dear Minister,<br>please act.</p>\n<p>Yours,<br>Amal</p>');
    expect(letter.text).toBe('Dear Minister,\nplease act.\n\nYours,\nAmal');
    expect(letter.subject).toBe('Stop the assault');
  });

  it('says which translation it chose, spelled as the campaign spells it', () => {
    const appeal = { subject: 'en', body: 'en', translations: { 'pt-BR': { subject: 'br', body: 'corpo' }, ar: { subject: 'ar', body: 'نص' } } };
    expect(letterForLocale(appeal, 'PT-br')).toEqual({ subject: 'br', body: 'corpo', locale: 'pt-BR' });
    expect(letterForLocale(appeal, 'ar-EG')).toEqual({ subject: 'ar', body: 'نص', locale: 'ar' });
    expect(letterForLocale({ subject: 'en', body: 'en' }, 'ru')).toEqual({ subject: 'en', body: 'en', locale: null });
  });
});

import { negotiateLocale, parseAcceptLanguage, supportedLocale } from './locales.js';
import { plural } from './plural.js';
import { formatDate, formatDateTime, messagesFor } from './i18n.js';

describe('choosing the language of a page', () => {
  it('takes ?lang= first, then Accept-Language by quality, then English', () => {
    expect(negotiateLocale('ar', 'ru')).toBe('ar');
    expect(negotiateLocale('RU', undefined)).toBe('ru');
    expect(negotiateLocale('ar-EG', undefined)).toBe('ar');
    expect(negotiateLocale(undefined, 'ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(negotiateLocale(undefined, 'de-DE, en;q=0.3, ar;q=0.7')).toBe('ar');
    expect(negotiateLocale('xx', 'fr')).toBe('en');
    expect(negotiateLocale(undefined, '*')).toBe('en');
    expect(negotiateLocale(undefined, undefined)).toBe('en');
    expect(negotiateLocale(['ru', 'ar'], undefined)).toBe('ru');
  });

  it('reads Accept-Language as browsers send it, and never a language marked q=0', () => {
    expect(parseAcceptLanguage('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual(['fr-CH', 'fr', 'en', 'de', '*']);
    expect(parseAcceptLanguage('ar;q=0, ru')).toEqual(['ru']);
    expect(parseAcceptLanguage('en;q=abc, ru;q=0.5')).toEqual(['en', 'ru']); // a malformed quality is ignored
    expect(parseAcceptLanguage('')).toEqual([]);
    expect(parseAcceptLanguage(42)).toEqual([]);
    expect(supportedLocale('zh-Hant')).toBeNull();
  });
});

describe('plural forms', () => {
  it('follow each language’s rules', () => {
    const ru = messagesFor('ru').charactersLeft;
    expect([1, 2, 5, 21, 22, 25, 1000].map((n) => plural('ru', n, ru))).toEqual([
      'Остался 1 символ',
      'Осталось 2 символа',
      'Осталось 5 символов',
      'Остался 21 символ',
      'Осталось 22 символа',
      'Осталось 25 символов',
      'Осталось 1\u00a0000 символов',
    ]);
    const ar = messagesFor('ar').signedCount;
    expect([1, 2, 3, 11, 100].map((n) => plural('ar', n, ar))).toEqual(['وقّع شخص واحد', 'وقّع شخصان', 'وقّع 3 أشخاص', 'وقّع 11 شخصًا', 'وقّع 100 شخص']);
    expect([1, 12345].map((n) => plural('en', n, messagesFor('en').signedCount))).toEqual(['1 person has signed', '12,345 people have signed']);
  });

  it('every language has a word for every blank of a letter and every plural form its rules need', () => {
    for (const locale of ['en', 'ar', 'ru'] as const) {
      const t = messagesFor(locale);
      for (const text of Object.values(t.placeholders)) expect(text.trim()).not.toBe('');
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const forms of [t.signedCount, t.charactersLeft, t.mail.validityDays, t.mail.validityHours]) {
        for (const c of categories) expect(forms[c] ?? (c === 'other' ? forms.other : undefined)).toBeDefined();
      }
    }
  });
});

describe('dates in sentences', () => {
  const day = new Date('2030-03-31T09:00:00Z');

  it('end with one full stop, also after the Russian "г."', () => {
    expect(messagesFor('ru').endsOn(formatDate('ru', day))).toBe('Подписать можно до 31 марта 2030 г.');
    expect(messagesFor('en').endsOn(formatDate('en', day))).toBe('Open for signatures until 31 March 2030.');
    expect(messagesFor('ar').endsOn(formatDate('ar', day))).toMatch(/2030\.$/);
    for (const locale of ['en', 'ar', 'ru'] as const) {
      const t = messagesFor(locale);
      for (const text of [t.endsOn(formatDate(locale, day)), t.lettersGoOn(formatDateTime(locale, day))]) expect(text).not.toMatch(/\.\.$/);
    }
  });

  it('say when held letters go, to the minute and in UTC', () => {
    expect(messagesFor('en').lettersGoOn(formatDateTime('en', day))).toBe(
      'Signatures are being gathered now: the letters go to the officials together on 31 March 2030 at 09:00 UTC.',
    );
    expect(messagesFor('ru').lettersGoOn(formatDateTime('ru', day))).toBe(
      'Сейчас идёт сбор подписей: письма уйдут адресатам все вместе 31 марта 2030 г. в 09:00 UTC.',
    );
  });
});

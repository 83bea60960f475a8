const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'dv', 'ckb']);

/** A language's name in English ("ru" → "Russian"), for the letter editor; the tag when it has none. */
export function languageName(locale: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}

/** The writing direction of a language, for the fields holding its text. */
export const dirOf = (locale: string) => (RTL.has(locale.split('-')[0].toLowerCase()) ? 'rtl' : 'ltr');

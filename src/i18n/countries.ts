import { COUNTRY_CODES } from '../common/countries.js';
import type { Locale } from './locales.js';

export interface CountryOption {
  code: string;
  name: string;
}

const cache = new Map<Locale, readonly CountryOption[]>();

/** Every ISO 3166-1 country, named and sorted in `locale` (computed once per language). */
export function countryOptions(locale: Locale): readonly CountryOption[] {
  let list = cache.get(locale);
  if (!list) {
    const names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
    const collator = new Intl.Collator(locale);
    list = COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
    cache.set(locale, list);
  }
  return list;
}

/** "1 March 2099": day, month, year (English included: the supporters are everywhere, not only in the US). */
export function formatDate(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

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

/** "31 March 2030 at 09:00 UTC": a moment that matters to the hour (when held letters go), always in UTC, named so. */
export function formatDateTime(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(date);
}

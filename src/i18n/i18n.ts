import { ar } from './messages.ar.js';
import { en } from './messages.en.js';
import type { Messages } from './messages.js';
import { ru } from './messages.ru.js';
import { DEFAULT_LOCALE, supportedLocale, type Locale } from './locales.js';

const CATALOGUE: Record<Locale, Messages> = { en, ar, ru };

/** The strings of `locale` (any tag: "ar-EG" gets Arabic; an unsupported or missing one, English). */
export function messagesFor(locale: string | null | undefined): Messages {
  return CATALOGUE[supportedLocale(locale) ?? DEFAULT_LOCALE];
}

export { DEFAULT_LOCALE, LOCALES, directionOf, isLocale, negotiateLocale, supportedLocale, type Locale } from './locales.js';
export type { Messages } from './messages.js';
export { formatNumber, plural, type Plural } from './plural.js';
export { countryOptions, formatDate, formatDateTime, type CountryOption } from './countries.js';
export { sentence } from './sentence.js';

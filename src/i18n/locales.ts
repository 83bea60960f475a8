/**
 * The languages of the supporter pages and emails. A page's language is chosen by `?lang=`, then
 * by the browser's `Accept-Language`, then English. The campaign's own text (title, summary, the
 * letter) follows it when the campaign has a translation for that language
 * (src/campaigns/campaign-text.ts), and is shown as the campaigner wrote it otherwise.
 */
export const LOCALES = ['en', 'ar', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

export const directionOf = (locale: Locale): 'ltr' | 'rtl' => (locale === 'ar' ? 'rtl' : 'ltr');

/** The supported locale a BCP 47 tag falls under ("ar-EG" → "ar"), or null. */
export function supportedLocale(tag: unknown): Locale | null {
  if (typeof tag !== 'string') return null;
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(language) ? language : null;
}

/** The language ranges of an Accept-Language header, most wanted first (q=0 means "not this"). */
export function parseAcceptLanguage(header: unknown): string[] {
  if (typeof header !== 'string' || !header) return [];
  return header
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim().match(/^q=([0-9.]+)$/i)).find(Boolean);
      const quality = q ? Number(q[1]) : 1;
      return { range: range.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.range && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((r) => r.range);
}

/** `?lang=` when it names a supported language, else the first supported one the browser asks for, else English. */
export function negotiateLocale(query: unknown, acceptLanguage: unknown): Locale {
  const asked = supportedLocale(Array.isArray(query) ? query[0] : query);
  if (asked) return asked;
  for (const range of parseAcceptLanguage(Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage)) {
    const found = supportedLocale(range);
    if (found) return found;
  }
  return DEFAULT_LOCALE;
}

import type { Locale } from './locales.js';

/** A message in every plural category a language needs; `{n}` stands for the number. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

export function formatNumber(locale: Locale, n: number): string {
  let f = numbers.get(locale);
  if (!f) numbers.set(locale, (f = new Intl.NumberFormat(locale)));
  return f.format(n);
}

/** The form of `forms` that `n` takes in `locale`, with `{n}` replaced by the formatted number. */
export function plural(locale: Locale, n: number, forms: Plural): string {
  let r = rules.get(locale);
  if (!r) rules.set(locale, (r = new Intl.PluralRules(locale)));
  return (forms[r.select(n)] ?? forms.other).replace('{n}', formatNumber(locale, n));
}

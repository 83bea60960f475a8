import { isLocaleTag } from './letter-shape.js';

/** The problem with an optIn.label as a request gave it, or null (class-validator puts "optIn." before it). */
export function optInLabelProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'label must be an object keyed by locale: { "en": "Keep me informed" }';
  for (const [locale, text] of Object.entries(value)) {
    if (!isLocaleTag(locale)) return `label: "${locale}" is not a BCP 47 language tag`;
    if (typeof text !== 'string' || !text.trim()) return `label.${locale} must be a non-empty text`;
    if (text.length > 300) return `label.${locale} has at most 300 characters`;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(text)) return `label.${locale} must be one line of text`;
  }
  return null;
}

/**
 * The words of the consent checkbox for a page or a signing in `locale`: the campaign's own for
 * that locale (exact tag, then its language), else `fallback` (the page language's default).
 */
export function optInLabelFor(
  label: Record<string, string> | undefined,
  locale: string | null | undefined,
  fallback: string,
): { text: string; locale: string | null } {
  const entries = Object.entries(label ?? {});
  const wanted = (locale ?? '').toLowerCase();
  const found = entries.find(([k]) => k.toLowerCase() === wanted) ?? entries.find(([k]) => k.toLowerCase() === wanted.split('-')[0]);
  return found ? { text: found[1].trim(), locale: found[0] } : { text: fallback, locale: locale ?? null };
}

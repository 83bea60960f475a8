import type { Appeal } from '../letters/letter-template.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_IN_BODY = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

/** A BCP 47 language tag ("ru", "ar", "pt-BR"): the keys of translations, and `?lang=` of the public API. */
export function isLocaleTag(tag: unknown): tag is string {
  if (typeof tag !== 'string') return false;
  try {
    return tag.length <= 35 && Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/**
 * The shape of `appeal.translations`, which class-validator cannot describe (a map keyed by
 * locale): each key a BCP 47 tag, each value a subject (one line) and a body.
 */
export function validateLetterShape(appeal: Appeal): string[] {
  const problems: string[] = [];
  const translations = appeal.translations ?? {};
  if (typeof translations !== 'object' || Array.isArray(translations)) return ['appeal.translations must be an object keyed by locale'];
  const entries = Object.entries(translations);
  if (entries.length > 50) problems.push('appeal.translations may hold at most 50 locales');
  for (const [locale, letter] of entries) {
    const where = `appeal.translations.${locale}`;
    if (!isLocaleTag(locale)) problems.push(`${where}: "${locale}" is not a BCP 47 language tag`);
    if (!letter || typeof letter !== 'object') {
      problems.push(`${where} must be { subject, body }`);
      continue;
    }
    const extra = Object.keys(letter).filter((k) => k !== 'subject' && k !== 'body');
    if (extra.length) problems.push(`${where}: unknown field(s) ${extra.join(', ')}`);
    const { subject, body } = letter as { subject?: unknown; body?: unknown };
    if (typeof subject !== 'string' || !subject.trim() || subject.length > 300 || CONTROL.test(subject)) {
      problems.push(`${where}.subject must be one line of 1 to 300 characters`);
    }
    if (typeof body !== 'string' || !body.trim() || body.length > 20_000 || CONTROL_IN_BODY.test(body)) {
      problems.push(`${where}.body must be text of 1 to 20000 characters`);
    }
  }
  return problems;
}

/**
 * The shape of the campaign's own `translations` (title and summary by locale), under the same
 * key rules as the letter's: each key a BCP 47 tag, each value a title (one line) and an optional
 * summary (plain text).
 */
export function validateCampaignTranslations(translations: unknown): string[] {
  if (translations === undefined) return [];
  if (!translations || typeof translations !== 'object' || Array.isArray(translations)) {
    return ['translations must be an object keyed by locale: { "ru": { "title": "…", "summary": "…" } }'];
  }
  const problems: string[] = [];
  const entries = Object.entries(translations);
  if (entries.length > 50) problems.push('translations may hold at most 50 locales');
  for (const [locale, text] of entries) {
    const where = `translations.${locale}`;
    if (!isLocaleTag(locale)) problems.push(`${where}: "${locale}" is not a BCP 47 language tag`);
    if (!text || typeof text !== 'object' || Array.isArray(text)) {
      problems.push(`${where} must be { title, summary? }`);
      continue;
    }
    const extra = Object.keys(text).filter((k) => k !== 'title' && k !== 'summary');
    if (extra.length) problems.push(`${where}: unknown field(s) ${extra.join(', ')}`);
    const { title, summary } = text as { title?: unknown; summary?: unknown };
    if (typeof title !== 'string' || !title.trim() || title.trim().length > 200 || CONTROL.test(title)) {
      problems.push(`${where}.title must be one line of 1 to 200 characters`);
    }
    if (summary !== undefined && (typeof summary !== 'string' || summary.length > 5000 || CONTROL_IN_BODY.test(summary))) {
      problems.push(`${where}.summary must be text of at most 5000 characters`);
    }
  }
  return problems;
}

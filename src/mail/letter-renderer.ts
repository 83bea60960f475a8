import type { Appeal, LetterTemplate } from '../campaigns/campaign.entity.js';

/**
 * Letter templates: `{{placeholder}}` from a closed set, replaced by plain text. Values are never
 * evaluated (no expressions, no helpers, no nesting): a supporter who writes `{{target.email}}`
 * in a comment gets exactly those characters in the letter.
 */
export const PLACEHOLDERS = [
  'target.name',
  'target.title',
  'target.organization',
  'supporter.firstName',
  'supporter.lastName',
  'supporter.fullName',
  'supporter.country',
  'supporter.comment',
  'campaign.title',
  'signatureCount',
  'signatories',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
/** only meaningful in digest letters, which list many signatories at once */
export const DIGEST_ONLY: readonly Placeholder[] = ['signatureCount', 'signatories'];

export type LetterValues = Partial<Record<Placeholder, string>>;

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);

/** Names inside `{{ }}` that are not in the closed set, in order of first appearance. */
export function unknownPlaceholders(template: string): string[] {
  const bad = new Set<string>();
  for (const m of template.matchAll(TOKEN)) if (!KNOWN.has(m[1])) bad.add(m[1]);
  return [...bad];
}

/** Every problem with an appeal, each naming the field and placeholder; empty when it is valid. */
export function appealProblems(appeal: Appeal, mode: 'individual' | 'digest' = 'individual'): string[] {
  const problems: string[] = [];
  const check = (letter: LetterTemplate, where: string) => {
    for (const field of ['subject', 'body'] as const) {
      for (const name of unknownPlaceholders(letter[field] ?? '')) {
        problems.push(`${where}.${field}: unknown placeholder {{${name}}}`);
      }
      if (mode === 'individual') {
        for (const m of (letter[field] ?? '').matchAll(TOKEN)) {
          if ((DIGEST_ONLY as string[]).includes(m[1])) {
            problems.push(`${where}.${field}: {{${m[1]}}} is only available in digest mode`);
          }
        }
      }
    }
  };
  check(appeal, 'appeal');
  for (const [locale, letter] of Object.entries(appeal.translations ?? {})) check(letter, `appeal.translations.${locale}`);
  return problems;
}

/** Replaces each known placeholder with its value as text; a missing value renders as nothing. */
export function renderTemplate(template: string, values: LetterValues, escape: (s: string) => string = (s) => s): string {
  return template.replace(TOKEN, (whole, name: string) => (KNOWN.has(name) ? escape(values[name as Placeholder] ?? '') : whole));
}

/** A subject is one line: CR, LF and other control characters become spaces. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The letter for a target's locale: an exact translation ("pt-BR"), else its language ("pt"),
 * else the default letter.
 */
export function letterForLocale(appeal: Appeal, locale: string | null | undefined): LetterTemplate & { locale: string | null } {
  const translations = appeal.translations ?? {};
  const byLower = new Map(Object.keys(translations).map((k) => [k.toLowerCase(), k]));
  const wanted = (locale ?? '').toLowerCase();
  const key = byLower.get(wanted) ?? byLower.get(wanted.split('-')[0]);
  return key ? { ...translations[key], locale: key } : { subject: appeal.subject, body: appeal.body, locale: null };
}

export interface RenderedLetter {
  subject: string;
  text: string;
  html: string;
}

/** Subject (one line), text and HTML of a letter, with every value inserted as text. */
export function renderLetter(letter: LetterTemplate, values: LetterValues): RenderedLetter {
  const text = renderTemplate(letter.body, values).replace(/\n{3,}/g, '\n\n').trim();
  const htmlBody = renderTemplate(letter.body, values, escapeHtml).replace(/\n{3,}/g, '\n\n').trim();
  const html = htmlBody
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return { subject: oneLine(renderTemplate(letter.subject, values)), text, html };
}

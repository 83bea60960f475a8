import type { Messages } from '../i18n/i18n.js';
import type { Appeal, LetterTemplate, TranslatedLetter } from './letter-template.js';

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

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/**
 * Compile-time only. The supporter pages describe each placeholder in the page's language, and
 * i18n, which may not import this folder, lists the names itself: this fails when the lists differ.
 */
export type PlaceholdersDescribed = Assert<Same<Placeholder, keyof Messages['placeholders']>>;

/** only meaningful in digest letters, which list many signatories at once */
export const DIGEST_ONLY: readonly Placeholder[] = ['signatureCount', 'signatories'];

export type LetterValues = Partial<Record<Placeholder, string>>;

/** `{{ name }}`: the name, without the spaces inside the braces, is group 1. */
export const PLACEHOLDER_TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);

export const isPlaceholder = (name: string): name is Placeholder => KNOWN.has(name);

/** Names inside `{{ }}` that are not in the closed set, in order of first appearance. */
export function unknownPlaceholders(template: string): string[] {
  const bad = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER_TOKEN)) if (!KNOWN.has(m[1])) bad.add(m[1]);
  return [...bad];
}

/**
 * Where a version of the letter is, for messages: `appeal.versions[0] ("Russia")` (its index, and
 * its name when it has one).
 */
export function versionPath(index: number, version: unknown): string {
  const name = version && typeof version === 'object' ? (version as { name?: unknown }).name : undefined;
  return `appeal.versions[${index}]${typeof name === 'string' ? ` (${JSON.stringify(name)})` : ''}`;
}

/**
 * Every problem with an appeal's placeholders, each naming the field and placeholder (a version by
 * its index and name); empty when it is valid. The default letter, each version and every
 * translation of either keep the same rules. Parts of the wrong shape are left to the shape's
 * own check (validateLetterShape).
 */
export function appealProblems(appeal: Appeal, mode: 'individual' | 'digest' = 'individual'): string[] {
  const problems: string[] = [];
  const check = (letter: Partial<LetterTemplate> | null | undefined, where: string) => {
    for (const field of ['subject', 'body'] as const) {
      const template = letter && typeof letter === 'object' ? letter[field] : undefined;
      if (typeof template !== 'string') continue;
      for (const name of unknownPlaceholders(template)) {
        problems.push(`${where}.${field}: unknown placeholder {{${name}}}`);
      }
      if (mode === 'individual') {
        for (const m of template.matchAll(PLACEHOLDER_TOKEN)) {
          if ((DIGEST_ONLY as string[]).includes(m[1])) {
            problems.push(`${where}.${field}: {{${m[1]}}} is only available in digest mode`);
          }
        }
      }
    }
  };
  const checkTranslated = (letter: TranslatedLetter, where: string) => {
    check(letter, where);
    const translations = letter.translations;
    if (!translations || typeof translations !== 'object') return;
    for (const [locale, translation] of Object.entries(translations)) check(translation, `${where}.translations.${locale}`);
  };
  checkTranslated(appeal, 'appeal');
  if (Array.isArray(appeal.versions)) {
    appeal.versions.forEach((version, i) => {
      if (version && typeof version === 'object') checkTranslated(version, versionPath(i, version));
    });
  }
  return problems;
}

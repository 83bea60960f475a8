import type { Appeal, LetterConditions, LetterTemplate, LetterVersion } from './letter-template.js';
import { letterForLocale } from './letter-renderer.js';

/** What of a target chooses its letter: the version by its country, organization and tags, the translation by its locale. */
export interface LetterRecipient {
  /** ISO 3166-1 alpha-2; null for an international body */
  country?: string | null;
  organization?: string | null;
  /** lower-case */
  tags?: readonly string[] | null;
  locale?: string | null;
}

/** The letter a target gets, and which it is: the version's name (null: the default letter) and the translation (null: untranslated). */
export interface ChosenLetter extends LetterTemplate {
  version: string | null;
  locale: string | null;
}

const given = (list: readonly string[] | undefined): list is readonly string[] => Array.isArray(list) && list.length > 0;
const fold = (s: string) => s.trim().toLowerCase();

/** True when the conditions give at least one non-empty list (a version without one is for nobody: it is refused on saving). */
export function hasConditions(when: LetterConditions | null | undefined): boolean {
  return !!when && (given(when.countries) || given(when.organizations) || given(when.tags));
}

/**
 * Whether a version is for this target: every condition given matches. `countries`: the target's
 * country is listed; `organizations`: its organization is one listed (trimmed, any case); `tags`:
 * it has at least one of the tags listed. Conditions that give nothing match no target.
 */
export function versionMatches(when: LetterConditions | null | undefined, target: LetterRecipient): boolean {
  if (!when || !hasConditions(when)) return false;
  if (given(when.countries)) {
    const country = fold(target.country ?? '');
    if (!country || !when.countries.some((c) => fold(c) === country)) return false;
  }
  if (given(when.organizations)) {
    const organization = fold(target.organization ?? '');
    if (!organization || !when.organizations.some((o) => fold(o) === organization)) return false;
  }
  if (given(when.tags)) {
    const tags = new Set((target.tags ?? []).map(fold));
    if (!when.tags.some((t) => tags.has(fold(t)))) return false;
  }
  return true;
}

/** The first version of the appeal whose conditions all match the target, or null (the default letter). */
export function versionFor(appeal: Appeal, target: LetterRecipient): LetterVersion | null {
  return (appeal.versions ?? []).find((v) => versionMatches(v?.when, target)) ?? null;
}

/**
 * The letter a target gets: the first matching version, else the default letter; inside it, the
 * translation for the target's locale (letterForLocale). The one rule for letters on the wire,
 * digests, previews and test letters.
 */
export function letterForTarget(appeal: Appeal, target: LetterRecipient): ChosenLetter {
  const version = versionFor(appeal, target);
  const letter = letterForLocale(version ?? appeal, target.locale);
  return { subject: letter.subject, body: letter.body, version: version?.name ?? null, locale: letter.locale };
}

import { isCountryCode } from '../common/countries.js';
import type { Appeal } from '../letters/letter-template.js';
import { versionPath } from '../letters/placeholders.js';
import { normaliseTag, tagListProblem } from '../targets/target-tags.js';

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

/** At most this many versions of a letter, and this many characters in a version's name. */
export const MAX_VERSIONS = 50;
export const MAX_VERSION_NAME = 100;
const CONDITIONS = ['countries', 'organizations', 'tags'] as const;
const MAX_ORGANIZATIONS = 100;
const MAX_COUNTRIES = 250;

/**
 * The shapes class-validator cannot describe, or not in words that name a version: the letter's
 * `translations` (a map keyed by locale: each key a BCP 47 tag, each value a subject, one line,
 * and a body) and its `versions` (each a name, its conditions, a subject, a body and translations
 * of its own, under the same rules as the default letter's). Each problem names its place:
 * `appeal.translations.ru.subject …`, `appeal.versions[0] ("Russia").when …`.
 */
export function validateLetterShape(appeal: Appeal): string[] {
  return [...translationProblems(appeal.translations, 'appeal'), ...versionProblems(appeal.versions)];
}

/** A letter's subject (one line of 1 to 300 characters) and body (text of 1 to 20000), as the default letter's DTO checks them. */
function letterProblems(letter: { subject?: unknown; body?: unknown }, where: string): string[] {
  const problems: string[] = [];
  const { subject, body } = letter;
  if (typeof subject !== 'string' || !subject.trim() || subject.length > 300 || CONTROL.test(subject)) {
    problems.push(`${where}.subject must be one line of 1 to 300 characters`);
  }
  if (typeof body !== 'string' || !body.trim() || body.length > 20_000 || CONTROL_IN_BODY.test(body)) {
    problems.push(`${where}.body must be text of 1 to 20000 characters`);
  }
  return problems;
}

/** `translations` of the letter at `where` (the default letter, or a version): keyed by locale, each `{ subject, body }`. */
function translationProblems(value: unknown, where: string): string[] {
  const translations = value ?? {};
  if (typeof translations !== 'object' || Array.isArray(translations)) return [`${where}.translations must be an object keyed by locale`];
  const problems: string[] = [];
  const entries = Object.entries(translations);
  if (entries.length > 50) problems.push(`${where}.translations may hold at most 50 locales`);
  for (const [locale, letter] of entries) {
    const at = `${where}.translations.${locale}`;
    if (!isLocaleTag(locale)) problems.push(`${at}: "${locale}" is not a BCP 47 language tag`);
    if (!letter || typeof letter !== 'object') {
      problems.push(`${at} must be { subject, body }`);
      continue;
    }
    const extra = Object.keys(letter).filter((k) => k !== 'subject' && k !== 'body');
    if (extra.length) problems.push(`${at}: unknown field(s) ${extra.join(', ')}`);
    problems.push(...letterProblems(letter, at));
  }
  return problems;
}

/** `appeal.versions`: a list of at most 50, each named (names unique, any case), with conditions and a letter. */
function versionProblems(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return ['appeal.versions must be a list: [{ name, when: { countries?, organizations?, tags? }, subject, body, translations? }]'];
  const problems: string[] = [];
  if (value.length > MAX_VERSIONS) problems.push(`appeal.versions may hold at most ${MAX_VERSIONS} versions: ${value.length} given`);
  const names = new Map<string, number>();
  value.forEach((version: unknown, i) => {
    const where = versionPath(i, version);
    if (!version || typeof version !== 'object' || Array.isArray(version)) {
      problems.push(`${where} must be { name, when, subject, body, translations? }`);
      return;
    }
    const v = version as Record<string, unknown>;
    const extra = Object.keys(v).filter((k) => !['name', 'when', 'subject', 'body', 'translations'].includes(k));
    if (extra.length) problems.push(`${where}: unknown field(s) ${extra.join(', ')}`);
    const { name } = v;
    if (typeof name !== 'string' || !name.trim() || name.length > MAX_VERSION_NAME || CONTROL.test(name)) {
      problems.push(`${where}.name must be one line of 1 to ${MAX_VERSION_NAME} characters`);
    } else {
      const key = name.trim().toLowerCase();
      const first = names.get(key);
      if (first === undefined) names.set(key, i);
      else problems.push(`${where}.name is the name of appeal.versions[${first}] already: each version needs a name of its own`);
    }
    problems.push(...conditionProblems(v.when, `${where}.when`));
    problems.push(...letterProblems(v, where));
    problems.push(...translationProblems(v.translations, where));
  });
  return problems;
}

/** A version's `when`: at least one non-empty list of countries (ISO 3166-1 alpha-2), organizations or tags. */
function conditionProblems(when: unknown, where: string): string[] {
  if (!when || typeof when !== 'object' || Array.isArray(when)) {
    return [`${where} must be an object giving at least one condition: { countries?, organizations?, tags? }`];
  }
  const problems: string[] = [];
  const w = when as Record<string, unknown>;
  const extra = Object.keys(w).filter((k) => !(CONDITIONS as readonly string[]).includes(k));
  if (extra.length) problems.push(`${where}: unknown field(s) ${extra.join(', ')} (the conditions are countries, organizations and tags)`);
  let given = 0;
  let malformed = false;
  for (const key of CONDITIONS) {
    const list = w[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
      problems.push(`${where}.${key} must be a list of text`);
      malformed = true;
      continue;
    }
    if (list.length) given++;
    if (key === 'countries') {
      if (list.length > MAX_COUNTRIES) problems.push(`${where}.countries may hold at most ${MAX_COUNTRIES}`);
      const bad = [...new Set((list as string[]).filter((c) => !isCountryCode(c.trim().toUpperCase())))];
      if (bad.length) {
        const named =
          bad
            .slice(0, 5)
            .map((c) => JSON.stringify(c))
            .join(', ') + (bad.length > 5 ? ` and ${bad.length - 5} more` : '');
        problems.push(
          `${where}.countries: ${named} ${bad.length === 1 ? 'is not an ISO 3166-1 alpha-2 country code' : 'are not ISO 3166-1 alpha-2 country codes'} (such as "RU")`,
        );
      }
    } else if (key === 'organizations') {
      if (list.length > MAX_ORGANIZATIONS) problems.push(`${where}.organizations may hold at most ${MAX_ORGANIZATIONS}`);
      if ((list as string[]).some((o) => !o.trim() || o.length > 200 || CONTROL.test(o))) {
        problems.push(`${where}.organizations must each be one line of 1 to 200 characters`);
      }
    } else if (list.length) {
      const problem = tagListProblem(list);
      if (problem) problems.push(`${where}.tags ${problem}`);
    }
  }
  if (!given && !malformed) problems.push(`${where} must give at least one condition: countries, organizations or tags`);
  return problems;
}

/**
 * Versions as stored (the DTO's transform, before validation): names trimmed, countries trimmed
 * and upper-cased, organizations trimmed, tags as the directory stores them (lower-cased), each
 * list without repeats and an empty list left out. Anything of another shape is answered as it
 * came, for validateLetterShape to name.
 */
export function normaliseVersions(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((version: unknown) => {
    if (!version || typeof version !== 'object' || Array.isArray(version)) return version;
    const v = { ...(version as Record<string, unknown>) };
    if (typeof v.name === 'string') v.name = v.name.trim();
    if (v.when && typeof v.when === 'object' && !Array.isArray(v.when)) {
      const when = { ...(v.when as Record<string, unknown>) };
      const clean = (key: (typeof CONDITIONS)[number], one: (s: string) => string) => {
        const list = when[key];
        if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) return;
        const cleaned = [...new Set(list.map(one))];
        if (cleaned.length) when[key] = cleaned;
        else delete when[key];
      };
      clean('countries', (c) => c.trim().toUpperCase());
      clean('organizations', (o) => o.trim());
      clean('tags', normaliseTag);
      v.when = when;
    }
    return v;
  });
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

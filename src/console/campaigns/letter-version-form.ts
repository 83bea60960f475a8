import { MAX_VERSIONS } from '../../campaigns/letter-shape.js';
import type { Appeal, LetterConditions } from '../../letters/letter-template.js';
import { text } from '../forms.js';
import type { FormErrors, FormValues } from '../views/form-kit.js';

/**
 * The versions of a letter in the editor's form. Version `i` is the fields `appeal.versions.i.*`
 * (its place in the list, as the API numbers it): name, the conditions as text
 * (`when.countries`, `when.organizations`, `when.tags`), subject, body, and its translations as
 * the default letter's are (a hidden `locales` list, `translations.LOCALE.subject|body`). The
 * hidden `versions` field says how many there are.
 */
export interface VersionForm {
  name: string;
  locales: string[];
}

const at = (i: number) => `appeal.versions.${i}`;

/** Locale tags from a hidden list ("ru,pt-BR"): each a tag the form made. */
export function localeList(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((l) => l.trim())
        .filter((l) => /^[A-Za-z0-9-]{1,35}$/.test(l)),
    ),
  ];
}

/** The versions a posted form holds (how many, from its hidden `versions` field), each with its name and languages. */
export function formVersions(v: FormValues): VersionForm[] {
  const count = Math.min(Math.max(Number.parseInt(v.versions ?? '0', 10) || 0, 0), MAX_VERSIONS);
  return Array.from({ length: count }, (_, i) => ({ name: v[`${at(i)}.name`] ?? '', locales: localeList(v[`${at(i)}.locales`]) }));
}

/** A list condition as typed: pieces between commas (organizations: between semicolons, when there is one, as a name may hold a comma). */
export function conditionList(typed: string | undefined, key: keyof LetterConditions): string[] {
  const raw = typed ?? '';
  const separator = key === 'organizations' && raw.includes(';') ? ';' : key === 'tags' ? /[,;]/ : ',';
  return raw
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** How a list condition is shown: joined by commas (organizations by semicolons when a name holds a comma). */
const joined = (list: string[] | undefined, key: keyof LetterConditions) =>
  (list ?? []).join(key === 'organizations' && (list ?? []).some((o) => o.includes(',')) ? '; ' : ', ');

/** The saved versions as the form shows them. */
export function versionValues(appeal: Appeal): { values: FormValues; versions: VersionForm[] } {
  const values: FormValues = {};
  const versions = appeal.versions ?? [];
  values.versions = String(versions.length);
  versions.forEach((version, i) => {
    const locales = Object.keys(version.translations ?? {}).sort();
    values[`${at(i)}.name`] = version.name;
    for (const key of ['countries', 'organizations', 'tags'] as const) values[`${at(i)}.when.${key}`] = joined(version.when?.[key], key);
    values[`${at(i)}.subject`] = version.subject;
    values[`${at(i)}.body`] = version.body;
    values[`${at(i)}.locales`] = locales.join(',');
    for (const l of locales) {
      values[`${at(i)}.translations.${l}.subject`] = version.translations?.[l]?.subject ?? '';
      values[`${at(i)}.translations.${l}.body`] = version.translations?.[l]?.body ?? '';
    }
  });
  return { values, versions: versions.map((v) => ({ name: v.name, locales: Object.keys(v.translations ?? {}).sort() })) };
}

/**
 * The versions of the form as the API's `appeal.versions` (checked there: the conditions, the
 * placeholders, the names); a version or a translation left wholly empty is a problem of the form.
 */
export function versionsBody(v: FormValues, versions: VersionForm[]): { versions: Record<string, unknown>[]; errors: FormErrors } {
  const errors: FormErrors = {};
  const body = versions.map((version, i) => {
    const when: Record<string, string[]> = {};
    for (const key of ['countries', 'organizations', 'tags'] as const) {
      const list = conditionList(v[`${at(i)}.when.${key}`], key);
      if (list.length) when[key] = list;
    }
    const translations: Record<string, { subject: string; body: string }> = {};
    for (const l of version.locales) {
      const subject = (v[`${at(i)}.translations.${l}.subject`] ?? '').trim();
      const letter = text(v[`${at(i)}.translations.${l}.body`]);
      if (!subject && !letter.trim()) errors[`${at(i)}.translations.${l}`] = 'This translation is empty: fill it in, or remove it';
      translations[l] = { subject, body: letter };
    }
    const name = (v[`${at(i)}.name`] ?? '').trim();
    const subject = (v[`${at(i)}.subject`] ?? '').trim();
    const letter = text(v[`${at(i)}.body`]);
    if (!name && !Object.keys(when).length && !subject && !letter.trim() && !version.locales.length) {
      errors[at(i)] = 'This version is empty: fill it in, or remove it';
    }
    return { name, when, subject, body: letter, ...(version.locales.length ? { translations } : {}) };
  });
  return { versions: body, errors };
}

/** The form's values without version `index`: the versions after it move up one place, as the list will number them. */
export function withoutVersion(v: FormValues, index: number): FormValues {
  const count = formVersions(v).length;
  const out: FormValues = {};
  for (const [key, value] of Object.entries(v)) {
    const m = /^appeal\.versions\.(\d+)\.(.+)$/.exec(key);
    if (!m) out[key] = value;
    else if (Number(m[1]) < index) out[key] = value;
    else if (Number(m[1]) > index) out[`${at(Number(m[1]) - 1)}.${m[2]}`] = value;
  }
  out.versions = String(Math.max(count - 1, 0));
  return out;
}

/**
 * The API names a version by its place and name (`appeal.versions[0] ("Russia").body: …`); the
 * form names its fields by place (`appeal.versions.0.body`): a message as the form's.
 */
export const versionMessage = (message: string) => message.replace(/^appeal\.versions\[(\d+)\](?: \("(?:[^"\\]|\\.)*"\))?/, 'appeal.versions.$1');

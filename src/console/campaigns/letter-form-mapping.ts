import type { CampaignView } from '../../campaigns/campaigns.service.js';
import { text } from '../forms.js';
import type { FormErrors, FormValues } from '../views/form-kit.js';
import { localeList, versionsBody, versionValues, type VersionForm } from './letter-version-form.js';

/** The languages a letter form holds, from its hidden `locales` field (each a tag the form made). */
export function formLocales(v: FormValues): string[] {
  return localeList(v.locales);
}

/**
 * A campaign's letter, its translations (with the page's title and summary per language) and its
 * versions (letter-version-form.ts) as the form shows them.
 */
export function letterValues(c: CampaignView): { values: FormValues; locales: string[]; versions: VersionForm[] } {
  const pageTranslations = c.translations ?? {};
  const letterTranslations = c.appeal.translations ?? {};
  const locales = [...new Set([...Object.keys(letterTranslations), ...Object.keys(pageTranslations)])].sort();
  const values: FormValues = { 'appeal.subject': c.appeal.subject, 'appeal.body': c.appeal.body, locales: locales.join(',') };
  for (const l of locales) {
    values[`translations.${l}.title`] = pageTranslations[l]?.title ?? '';
    values[`translations.${l}.summary`] = pageTranslations[l]?.summary ?? '';
    values[`appeal.translations.${l}.subject`] = letterTranslations[l]?.subject ?? '';
    values[`appeal.translations.${l}.body`] = letterTranslations[l]?.body ?? '';
  }
  const versions = versionValues(c.appeal);
  return { values: { ...values, ...versions.values }, locales, versions: versions.versions };
}

/**
 * The form as the API's body (PATCH /api/campaigns/:id {appeal, translations}): a language's
 * letter when its subject or body is given, its page text when its title is; a language with
 * nothing at all is a problem of the form (fill it in or remove it). The versions go in
 * `appeal.versions` (none: left out, which removes them).
 */
export function letterBody(
  v: FormValues,
  locales: string[],
  versions: VersionForm[] = [],
): { body: { appeal: Record<string, unknown>; translations: Record<string, unknown> }; errors: FormErrors } {
  const errors: FormErrors = {};
  const letters: Record<string, { subject: string; body: string }> = {};
  const pages: Record<string, { title: string; summary?: string }> = {};
  for (const l of locales) {
    const subject = (v[`appeal.translations.${l}.subject`] ?? '').trim();
    const body = text(v[`appeal.translations.${l}.body`]).trim();
    const title = (v[`translations.${l}.title`] ?? '').trim();
    const summary = text(v[`translations.${l}.summary`]).trim();
    if (subject || body) letters[l] = { subject, body };
    if (title) pages[l] = summary ? { title, summary } : { title };
    else if (summary) errors[`translations.${l}.title`] = 'Give the title in this language too, or leave the summary empty';
    if (!subject && !body && !title && !summary) errors[`translations.${l}`] = 'This translation is empty: fill it in, or remove it';
  }
  const mapped = versionsBody(v, versions);
  const appeal = { subject: (v['appeal.subject'] ?? '').trim(), body: text(v['appeal.body']), translations: letters };
  return {
    body: { appeal: mapped.versions.length ? { ...appeal, versions: mapped.versions } : appeal, translations: pages },
    errors: { ...errors, ...mapped.errors },
  };
}

/** A language tag typed to add a translation, canonical ("pt-br" → "pt-BR"), or the problem. */
export function newLocale(typed: string | undefined, existing: string[]): { locale: string } | { error: string } {
  const raw = (typed ?? '').trim();
  if (!raw) return { error: 'Type a language tag, such as ar or ru' };
  let locale: string;
  try {
    [locale] = Intl.getCanonicalLocales(raw);
  } catch {
    return { error: `"${raw}" is not a language tag: use one such as ar, ru or pt-BR` };
  }
  if (!locale || locale.length > 35) return { error: `"${raw}" is not a language tag: use one such as ar, ru or pt-BR` };
  if (existing.some((l) => l.toLowerCase() === locale.toLowerCase())) return { error: `There is a ${locale} translation already` };
  return { locale };
}

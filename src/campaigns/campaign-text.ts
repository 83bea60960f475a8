import type { Appeal, LetterTemplate } from '../letters/letter-template.js';
import type { CampaignText, CampaignTranslations } from './campaign.entity.js';

/**
 * The key of `translations` for a language: the exact tag ("pt-BR"), else its language ("pt"),
 * compared without case; null when there is none (the default text is shown). The same choice
 * as a target's letter (letterForLocale in src/letters/letter-renderer.ts).
 */
export function translationKey(translations: Record<string, unknown> | null | undefined, locale: string | null | undefined): string | null {
  if (!translations || !locale) return null;
  const wanted = locale.toLowerCase();
  let byLanguage: string | null = null;
  for (const key of Object.keys(translations)) {
    const k = key.toLowerCase();
    if (k === wanted) return key;
    if (byLanguage === null && k === wanted.split('-')[0]) byLanguage = key;
  }
  return byLanguage;
}

export interface LocalizedCampaignText {
  title: string;
  summary: string;
  /** the key of `translations` used, or null for the campaign's default text */
  translation: string | null;
}

/**
 * A campaign's title and summary in a language: its translation (a translation without a
 * summary keeps the default one), else the default text.
 */
export function campaignTextFor(
  c: { title: string; summary: string; translations?: CampaignTranslations | null },
  locale: string | null | undefined,
): LocalizedCampaignText {
  const key = translationKey(c.translations, locale);
  if (!key) return { title: c.title, summary: c.summary, translation: null };
  const t: CampaignText = c.translations![key];
  return { title: t.title, summary: t.summary ?? c.summary, translation: key };
}

/** The letter (subject and body templates) in a language, as a supporter reads it on the page. */
export function appealTextFor(appeal: Appeal, locale: string | null | undefined): LetterTemplate & { translation: string | null } {
  const key = translationKey(appeal.translations, locale);
  const letter = key ? appeal.translations![key] : appeal;
  return { subject: letter.subject, body: letter.body, translation: key };
}

/** A campaign's title in a language (pages and emails that name the campaign: confirmation, withdrawal). */
export function campaignTitleFor(c: { title: string; translations?: CampaignTranslations | null }, locale: string | null | undefined): string {
  const key = translationKey(c.translations, locale);
  return key ? c.translations![key].title : c.title;
}

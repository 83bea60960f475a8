import { BadRequestException } from '@nestjs/common';
import type { CampaignTranslations, LetterEditing } from '../campaigns/campaign.entity.js';
import { appealTextFor, campaignTitleFor } from '../campaigns/campaign-text.js';
import { LOCALES, messagesFor } from '../i18n/i18n.js';
import { cleanLetterBody, editableText, normaliseLetterText } from '../letters/letter-editing.js';
import type { Appeal } from '../letters/letter-template.js';

/**
 * The text a "body" campaign offers its supporters to rewrite, as each page language shows it
 * (editableText: the letter in that language, placeholders as bracketed words), normalised: a
 * supporter's text that normalises to one of these is the campaign's letter, unchanged.
 */
export function untouchedTexts(appeal: Appeal, campaign: { title: string; translations?: CampaignTranslations | null }): Set<string> {
  return new Set(
    LOCALES.map((locale) => normaliseLetterText(editableText(appealTextFor(appeal, locale).body, messagesFor(locale), campaignTitleFor(campaign, locale)))),
  );
}

/**
 * The letter body a signing stores: the supporter's text, cleaned (line breaks, blank lines), or
 * null when they gave none, or gave the text the page offered with nothing changed beyond case,
 * whitespace and punctuation (the campaign's own letter is then sent, its placeholders filled in
 * for each official). 400, changing nothing, when the campaign does not let supporters write the
 * letter.
 */
export function ownLetterBody(mode: LetterEditing, body: string | undefined, untouched: Set<string>): string | null {
  const text = cleanLetterBody(body ?? '');
  if (!text) return null;
  if (mode !== 'body') {
    throw new BadRequestException([
      'letter.body is not taken by this campaign: its supporters add a comment to the campaign\'s letter (letterEditing is "comment")',
    ]);
  }
  const words = normaliseLetterText(text);
  return words && !untouched.has(words) ? text : null;
}

import type { Messages } from '../i18n/i18n.js';
import { isPlaceholder, PLACEHOLDER_TOKEN } from './placeholders.js';

/**
 * A letter a supporter may rewrite (a campaign's `letterEditing: "body"`): the template's body in
 * three parts. The salutation (its first paragraph) and the signature (its last lines when they
 * hold only the supporter's details, else the usual "name, country" line) stay fixed; what lies
 * between is the supporter's to rewrite. The page shows that middle part as text to edit, each
 * placeholder in it as its description in [brackets] ("[your country]"): a supporter's text is
 * never a template, so what they send is what the official reads.
 */

/** The most a supporter's own body may hold, in characters. */
export const LETTER_BODY_MAX = 5000;

/** The signature line when the template's body does not end with one of its own. */
export const DEFAULT_SIGNATURE = '{{supporter.fullName}}, {{supporter.country}}';

/** "{{supporter.fullName}}, {{supporter.country}}": a line of supporter placeholders and punctuation only */
export const SUPPORTER_ONLY_LINE = /^[\s,.;:–—-]*(\{\{\s*supporter\.[A-Za-z]+\s*\}\}[\s,.;:–—-]*)+$/;

export interface LetterParts {
  /** the first paragraph (a template) */
  salutation: string;
  /** what lies between (a template): the part a supporter may rewrite */
  middle: string;
  /** the trailing lines of supporter placeholders (a template), else DEFAULT_SIGNATURE */
  signature: string;
}

/** A template's body as its salutation, the middle a supporter may rewrite, and its signature. */
export function letterParts(body: string): LetterParts {
  const paragraphs = body
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n[^\S\n]*\n\s*/);
  const salutation = paragraphs.shift() ?? '';
  const lines = paragraphs.join('\n\n').split('\n');
  const signature: string[] = [];
  while (lines.length && (lines[lines.length - 1].trim() === '' || SUPPORTER_ONLY_LINE.test(lines[lines.length - 1]))) {
    const line = lines.pop()!;
    if (line.trim()) signature.unshift(line.trim());
  }
  return { salutation, middle: lines.join('\n').trim(), signature: signature.length ? signature.join('\n') : DEFAULT_SIGNATURE };
}

/**
 * The middle of a template as a supporter edits it, in the page's language: the campaign's title
 * as itself, the supporter's comment left out (there is no comment box beside the letter), every
 * other placeholder as its description in brackets ("[official’s title]"), unknown names as typed.
 */
export function editableText(body: string, t: Pick<Messages, 'placeholders'>, campaignTitle: string): string {
  return letterParts(body)
    .middle.replace(PLACEHOLDER_TOKEN, (whole, name: string) => {
      if (!isPlaceholder(name)) return whole;
      if (name === 'campaign.title') return campaignTitle;
      if (name === 'supporter.comment') return '';
      return `[${t.placeholders[name]}]`;
    })
    .replace(/[^\S\n]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * A text as compared for "the supporter's own words": case-folded, every punctuation mark a
 * space, whitespace runs one space, trimmed. Two texts that differ only in case, whitespace and
 * punctuation normalise alike.
 */
export function normaliseLetterText(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('und')
    .replace(/\p{P}+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A supporter's text, line breaks as \n, without trailing spaces on lines or more than one blank line in a row. */
export function cleanLetterBody(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

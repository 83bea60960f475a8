import { html } from '../views/html.js';
import type { LetterTemplate, TranslatedLetter } from './letter-template.js';
import { isPlaceholder, PLACEHOLDER_TOKEN, type LetterValues } from './placeholders.js';

/** Replaces each known placeholder with its value as text; a missing value renders as nothing. */
export function renderTemplate(template: string, values: LetterValues): string {
  return template.replace(PLACEHOLDER_TOKEN, (whole, name: string) => (isPlaceholder(name) ? (values[name] ?? '') : whole));
}

// eslint-disable-next-line no-control-regex
const LINE_BREAKING = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/** A subject is one line: CR, LF and other control characters become spaces. */
export function oneLine(s: string): string {
  return s.replace(LINE_BREAKING, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * The letter for a target's locale: an exact translation ("pt-BR"), else its language ("pt"),
 * else the default letter. (Which letter, the default or a version, is letterForTarget's choice.)
 */
export function letterForLocale(appeal: TranslatedLetter, locale: string | null | undefined): LetterTemplate & { locale: string | null } {
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

/**
 * Subject (one line), text and HTML of a letter, with every value inserted as text. The HTML part
 * is the text part in paragraphs (a blank line between them, a single line break kept as <br>).
 */
export function renderLetter(letter: LetterTemplate, values: LetterValues): RenderedLetter {
  return letterOfText(oneLine(renderTemplate(letter.subject, values)), renderTemplate(letter.body, values));
}

/** A letter whose text is written already (nothing in it is a placeholder): its HTML part, in paragraphs. */
export function letterOfText(subject: string, written: string): RenderedLetter {
  const text = written.replace(/\n{3,}/g, '\n\n').trim();
  const paragraphs = text.split(/\n{2,}/).map((p) => html`<p>${p.split('\n').map((line, i) => html`${i ? html`<br>` : ''}${line}`)}</p>`);
  return { subject, text, html: paragraphs.join('\n') };
}

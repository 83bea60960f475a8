import type { Appeal } from './letter-template.js';
import { cleanLetterBody, letterParts } from './letter-editing.js';
import { letterOfText, oneLine, renderLetter, renderTemplate, type RenderedLetter } from './letter-renderer.js';
import { html } from '../views/html.js';
import { letterForTarget } from './letter-versions.js';
import type { LetterValues } from './placeholders.js';

/** The official a letter is written to: what it says, where it goes, and what chooses its version and translation. */
export interface LetterTarget {
  name: string;
  title: string;
  organization: string;
  email: string;
  locale: string;
  /** ISO 3166-1 alpha-2; null for an international body */
  country: string | null;
  /** lower-case */
  tags: string[];
}

/** A letter as written to its target, and which letter it is: the version's name and the translation (null: the default ones). */
export interface ComposedLetter extends RenderedLetter {
  version: string | null;
  translation: string | null;
}

/** What one letter needs: read from PostgreSQL by the processor for each delivery. */
export interface LetterFacts {
  deliveryId: string;
  campaign: { slug: string; title: string; appeal: Appeal };
  target: LetterTarget;
  supporter: {
    firstName: string;
    lastName: string;
    email: string;
    country: string;
    comment: string | null;
    /** the body the supporter wrote (a "body" campaign: letter-editing.ts); null or absent: the campaign's */
    letterBody?: string | null;
  };
  /** the supporter's address on a line of its own under the signature (the campaign's delivery.showSupporterEmail); absent: not shown */
  showSupporterEmail?: boolean;
}

const regionNames = new Map<string, Intl.DisplayNames | null>();

/** A country's name in a language ("LB" → "Lebanon", "Ливан"); the code when it has none. */
export function countryName(code: string, locale = 'en'): string {
  if (!regionNames.has(locale)) {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
    } catch {
      // not a locale ICU knows: fall back to the code
    }
    regionNames.set(locale, names);
  }
  try {
    return regionNames.get(locale)?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

const uses = (template: string, ...names: string[]) => names.some((n) => new RegExp(`\\{\\{\\s*${n.replace('.', '\\.')}\\s*\\}\\}`).test(template));

/**
 * The letter for one target from one supporter: the target's version and translation
 * (letterForTarget), the rendered body, the supporter's comment (added when the template does not
 * place it) and the signature line (added when the template does not sign with the supporter's
 * name).
 */
export function composeLetter(facts: LetterFacts): ComposedLetter {
  const letter = letterForTarget(facts.campaign.appeal, facts.target);
  const s = facts.supporter;
  const fullName = `${s.firstName} ${s.lastName}`.trim();
  const country = countryName(s.country, letter.locale ?? 'en');
  const values: LetterValues = {
    'target.name': facts.target.name,
    'target.title': facts.target.title,
    'target.organization': facts.target.organization,
    'supporter.firstName': s.firstName,
    'supporter.lastName': s.lastName,
    'supporter.fullName': fullName,
    'supporter.country': country,
    'supporter.comment': s.comment ?? '',
    'campaign.title': facts.campaign.title,
  };
  let rendered: RenderedLetter;
  if (s.letterBody) {
    rendered = ownLetter(letter, values, s.letterBody, s.comment);
  } else {
    const extra: string[] = [];
    if (s.comment && !uses(letter.body, 'supporter.comment')) extra.push('{{supporter.comment}}');
    if (!uses(letter.body, 'supporter.fullName', 'supporter.lastName')) extra.push('{{supporter.fullName}}, {{supporter.country}}');
    const body = [letter.body, ...extra].join('\n\n');
    rendered = renderLetter({ subject: letter.subject, body }, values);
  }
  return { ...(facts.showSupporterEmail ? withAddressLine(rendered, s.email) : rendered), version: letter.version, translation: letter.locale };
}

/**
 * A letter whose body the supporter wrote: the template's salutation (its first paragraph) and its
 * signature (letterParts) rendered for the target, and between them the supporter's text, then
 * their comment if they gave one, both as written: a placeholder a supporter typed arrives as typed.
 */
function ownLetter(letter: { subject: string; body: string }, values: LetterValues, own: string, comment: string | null): RenderedLetter {
  const parts = letterParts(letter.body);
  const text = [renderTemplate(parts.salutation, values), cleanLetterBody(own), comment?.trim() ?? '', renderTemplate(parts.signature, values)]
    .filter((p) => p.trim() !== '')
    .join('\n\n');
  return letterOfText(oneLine(renderTemplate(letter.subject, values)), text);
}

/**
 * The supporter's address on the letter's last line, under the signature, when the campaign
 * shows it: added after the placeholders are replaced (an address is text, never a template),
 * escaped in the HTML part.
 */
function withAddressLine(letter: RenderedLetter, email: string): RenderedLetter {
  return { ...letter, text: `${letter.text}\n${email}`, html: letter.html.replace(/<\/p>$/, () => html`<br>${email}</p>`.toString()) };
}

/** A digest letter: one per target per interval, listing the signatories of that interval. */
export interface DigestFacts {
  deliveryId: string;
  campaign: { slug: string; title: string; appeal: Appeal };
  target: LetterTarget;
  signatories: { firstName: string; lastName: string; country: string }[];
  /** when the list was cut to keep the letter readable: how many more signed */
  more: number;
}

/** At most this many names in one digest letter; the count always says how many signed. */
export const DIGEST_MAX_NAMES = 5000;

/** "{{supporter.fullName}}, {{supporter.country}}": a line of supporter placeholders and punctuation only */
const SUPPORTER_ONLY_LINE = /^[\s,.;:–—-]*(\{\{\s*supporter\.[A-Za-z]+\s*\}\}[\s,.;:–—-]*)+$/;

/** A digest letter for one target: its version and translation chosen as for a single letter (letterForTarget). */
export function composeDigest(facts: DigestFacts): ComposedLetter {
  const letter = letterForTarget(facts.campaign.appeal, facts.target);
  const locale = letter.locale ?? 'en';
  const count = facts.signatories.length + facts.more;
  const lines = facts.signatories.map((s) => `${`${s.firstName} ${s.lastName}`.trim()}, ${countryName(s.country, locale)}`);
  if (facts.more > 0) lines.push(`… and ${facts.more.toLocaleString('en')} more`);
  const values: LetterValues = {
    'target.name': facts.target.name,
    'target.title': facts.target.title,
    'target.organization': facts.target.organization,
    'campaign.title': facts.campaign.title,
    signatureCount: count.toLocaleString(locale),
    signatories: lines.join('\n'),
  };
  // a digest speaks for many: a line that only holds one supporter's details (the signature line
  // of an individual letter, when a target switched to digests) is left out
  const lettered = letter.body
    .split('\n')
    .filter((line) => !SUPPORTER_ONLY_LINE.test(line))
    .join('\n');
  const body = uses(lettered, 'signatories') ? lettered : `${lettered}\n\n{{signatories}}`;
  return { ...renderLetter({ subject: letter.subject, body }, values), version: letter.version, translation: letter.locale };
}

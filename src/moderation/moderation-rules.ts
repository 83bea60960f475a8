import type { ModerationPolicy } from '../campaigns/campaign.entity.js';

/** The rules a supporter's own words can trip (docs/moderation.md). */
export const MODERATION_FLAGS = ['blocked-word', 'links', 'near-duplicate', 'target-domain'] as const;
export type ModerationFlag = (typeof MODERATION_FLAGS)[number];

/** more links than this trip the "links" rule when a campaign says nothing */
export const DEFAULT_MAX_LINKS = 1;

/** What a text is screened with: the words, who wrote them, whom they go to, and the nearest earlier text. */
export interface ScreenInput {
  /** the supporter's own words: their comment and the letter body they wrote, together */
  text: string;
  supporterEmail: string;
  /** the address domains of the campaign's targets (lower case) */
  targetDomains: string[];
  /** the earlier text of the same campaign this one nearly repeats (NearDuplicateIndex), or null */
  nearDuplicate: { of: string; similarity: number } | null;
}

/** What tripped the rules, shown to the reviewer. */
export interface ScreenDetails {
  blockedWords?: string[];
  links?: number;
  nearDuplicateOf?: string;
  similarity?: number;
  domain?: string;
}

export interface Verdict {
  flags: ModerationFlag[];
  details: ScreenDetails;
  /** the letters wait for a campaigner's decision */
  hold: boolean;
}

/**
 * Screens a supporter's own words against the campaign's policy. Every rule is checked whatever
 * the mode (a campaign with moderation off still sees its flags); the mode decides what waits:
 * `all`, every personal text; `flagged`, a text that trips blocked-word, links or target-domain,
 * or near-duplicate when `duplicates` is "review"; `off`, nothing.
 */
export function screen(policy: ModerationPolicy | null | undefined, input: ScreenInput): Verdict {
  const mode = policy?.mode ?? 'off';
  const flags: ModerationFlag[] = [];
  const details: ScreenDetails = {};

  const blocked = blockedWordsIn(input.text, policy?.blockedWords ?? []);
  if (blocked.length) {
    flags.push('blocked-word');
    details.blockedWords = blocked;
  }
  const links = countLinks(input.text);
  if (links > (policy?.maxLinks ?? DEFAULT_MAX_LINKS)) {
    flags.push('links');
    details.links = links;
  }
  if (input.nearDuplicate) {
    flags.push('near-duplicate');
    details.nearDuplicateOf = input.nearDuplicate.of;
    details.similarity = Math.round(input.nearDuplicate.similarity * 100) / 100;
  }
  const domain = targetDomainOf(input.supporterEmail, input.targetDomains);
  if (domain) {
    flags.push('target-domain');
    details.domain = domain;
  }

  const holding = flags.filter((f) => f !== 'near-duplicate' || policy?.duplicates === 'review');
  const hold = mode === 'all' || (mode === 'flagged' && holding.length > 0);
  return { flags, details, hold };
}

/** Text as the rules compare it: Unicode-normalised (NFKC: full-width and ligature forms fold), lower case. */
function folded(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('und');
}

/**
 * The blocked words or phrases a text contains, each matched whole (not inside a longer word:
 * "ass" does not match "assault"), case-insensitively, in any script, a phrase's words separated
 * by any whitespace.
 */
export function blockedWordsIn(text: string, blockedWords: string[]): string[] {
  const haystack = folded(text);
  const found: string[] = [];
  for (const word of blockedWords) {
    const needle = folded(word).trim();
    if (!needle) continue;
    const pattern = needle
      .split(/\s+/u)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'))
      .join('\\s+');
    if (new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'u').test(haystack)) found.push(word);
  }
  return found;
}

/** top-level domains bare links (no scheme, no www.) are recognised by; an address's domain is not a link */
const LINK_TLDS = 'com|org|net|info|biz|io|co|me|ly|ru|su|ua|uk|de|fr|xyz|top|site|online|club|link|click|app|tk|ml|ga|cf|gq|cn|tv|gl|gd|to|cc|ws';
const LINK = new RegExp(
  `(?:https?://|www\\.)[^\\s<>"]+|(?<![@\\p{L}\\p{N}._-])(?:[\\p{L}\\p{N}-]+\\.)+(?:${LINK_TLDS})(?![\\p{L}\\p{N}-])(?:/[^\\s<>"]*)?`,
  'giu',
);

/** How many links a text holds: with a scheme, starting www., or a bare domain of a common top-level domain (not an email address). */
export function countLinks(text: string): number {
  return folded(text).match(LINK)?.length ?? 0;
}

/**
 * Public mail services: a supporter and a target both at one of these share nothing but a
 * provider, so the target-domain rule ignores them.
 */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.ru',
  'yandex.ru',
  'yandex.com',
  'rambler.ru',
  'bk.ru',
  'list.ru',
  'inbox.ru',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'qq.com',
  '163.com',
]);

/**
 * The target domain a supporter's address is at (the same domain or one under it: someone at
 * mid.ru, or at dept.mid.ru, writing to mid.ru), or null. Public mail services never count.
 */
export function targetDomainOf(supporterEmail: string, targetDomains: string[]): string | null {
  const domain = supporterEmail.slice(supporterEmail.lastIndexOf('@') + 1).toLowerCase();
  if (!domain || PUBLIC_MAIL_DOMAINS.has(domain)) return null;
  for (const target of targetDomains) {
    if (!target || PUBLIC_MAIL_DOMAINS.has(target)) continue;
    if (domain === target || domain.endsWith(`.${target}`)) return target;
  }
  return null;
}

import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * Tags of the directory's officials ("foreign-minister", "eu-council", "g20"): labels for finding
 * and choosing targets in bulk. Stored normalised: NFC, trimmed, lower-cased, each once, sorted.
 */
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;

/** Letters of any script (with their combining marks), decimal digits, `-` and `_`. */
const TAG = /^[\p{L}\p{M}\p{Nd}_-]+$/u;

/** What a tag may be, in words (the messages of a refused tag end with it). */
export const TAG_RULE = `1 to ${MAX_TAG_LENGTH} letters, digits, - or _`;

/** One tag as stored: "  Foreign-Minister " → "foreign-minister". */
export const normaliseTag = (raw: string): string => raw.normalize('NFC').trim().toLowerCase();

/** True for a normalised tag that keeps the rule: 1 to 50 characters (code points), letters, digits, `-`, `_`. */
export function isTag(tag: string): boolean {
  const length = [...tag].length;
  return length >= 1 && length <= MAX_TAG_LENGTH && TAG.test(tag) && tag === normaliseTag(tag);
}

/**
 * A list of tags as stored: each normalised, repeats dropped, sorted. Anything but a list of
 * strings is answered as it came, for the validator to refuse with its message.
 */
export function normaliseTags(value: unknown): unknown {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return value;
  return [...new Set(value.map(normaliseTag))].sort();
}

/**
 * Tags typed as text, as a spreadsheet cell (`;`) or a form field (`,` or `;`) holds them:
 * "foreign-minister; g20" → ["foreign-minister", "g20"]. Empty pieces (a trailing separator,
 * two in a row) are dropped; the pieces are not normalised or checked here.
 */
export function splitTags(text: string, separators: RegExp = /;/): string[] {
  return text
    .split(separators)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** A value for a message: quoted, and cut short when it is long. */
const quote = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 58)}…"` : s;
};

/** The values named in a message: the first five, then how many more. */
const named = (values: unknown[]) => {
  const shown = values.slice(0, 5).map(quote).join(', ');
  return values.length > 5 ? `${shown} and ${values.length - 5} more` : shown;
};

/**
 * What is wrong with a (normalised) list of tags, as the end of a sentence starting with the
 * field's name, or null when nothing is: "must each be 1 to 50 letters, digits, - or _:
 * "foreign minister" is not".
 */
export function tagListProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'must be a list of tags such as ["foreign-minister"]';
  const notText = value.filter((v) => typeof v !== 'string');
  if (notText.length) return `must be a list of text: ${named(notText)} ${notText.length === 1 ? 'is' : 'are'} not`;
  const bad = (value as string[]).filter((t) => !isTag(normaliseTag(t)));
  if (bad.length) return `must each be ${TAG_RULE}: ${named(bad)} ${bad.length === 1 ? 'is' : 'are'} not`;
  const count = new Set((value as string[]).map(normaliseTag)).size;
  if (count > MAX_TAGS) return `may be at most ${MAX_TAGS}: ${count} given`;
  return null;
}

/** What is wrong with one (normalised) tag, as the end of a sentence, or null. */
export function tagProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be text';
  return isTag(normaliseTag(value)) ? null : `must be ${TAG_RULE}: ${quote(value)} is not`;
}

function rule(name: string, problem: (v: unknown) => string | null, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options: { message: (args) => `${args.property} ${problem(args.value) ?? 'is not valid'}`, ...options },
      validator: { validate: (v: unknown) => problem(v) === null },
    });
}

/** Normalises a list of tags before validation (see normaliseTags). */
export const NormaliseTags = () => Transform(({ value }) => normaliseTags(value));
/** Normalises one tag before validation. */
export const NormaliseTag = () => Transform(({ value }) => (typeof value === 'string' ? normaliseTag(value) : value));

/** A list of at most 20 tags, each one keeping the rule; a refused one is named in the message. */
export const IsTagList = (o?: ValidationOptions) => rule('isTagList', tagListProblem, o);
/** One tag keeping the rule, named in the message when it does not. */
export const IsTag = (o?: ValidationOptions) => rule('isTag', tagProblem, o);

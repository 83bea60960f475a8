/** A letter as the campaigner writes it: subject and body, each with `{{placeholders}}`. */
export interface LetterTemplate {
  subject: string;
  body: string;
}

/** A letter with its translations, keyed by BCP 47 locale, e.g. { ru: { subject, body } }. */
export interface TranslatedLetter extends LetterTemplate {
  translations?: Record<string, LetterTemplate>;
}

/**
 * Which targets a letter version is for: each condition given must match the target (an empty
 * list counts as not given). Countries are ISO 3166-1 alpha-2 codes, tags lower-case.
 */
export interface LetterConditions {
  countries?: string[];
  organizations?: string[];
  tags?: string[];
}

/** A version of the letter for some targets (e.g. "Russia": `when: {countries: ["RU"]}`), with its own translations. */
export interface LetterVersion extends TranslatedLetter {
  name: string;
  when: LetterConditions;
}

/**
 * A campaign's letter: the default template and its translations, and versions for some targets
 * (the first whose conditions match a target is its letter; letter-versions.ts).
 */
export interface Appeal extends TranslatedLetter {
  versions?: LetterVersion[];
}

/** A letter as the campaigner writes it: subject and body, each with `{{placeholders}}`. */
export interface LetterTemplate {
  subject: string;
  body: string;
}

/** A campaign's letter: the default template and its translations. */
export interface Appeal extends LetterTemplate {
  /** keyed by BCP 47 locale, e.g. { ru: { subject, body } } */
  translations?: Record<string, LetterTemplate>;
}

/**
 * Is a reply a machine's? Pure: an answer is `auto` when its headers say so (RFC 3834
 * `Auto-Submitted` other than "no"; `X-Autoreply`, `X-Autorespond`; `Precedence: auto_reply`,
 * `bulk` or `junk`), when it came from the null sender (RFC 3834 asks auto-responders to use it),
 * or when its subject is an out-of-office one in English, French, German, Russian or Arabic.
 * Anything else is `unclassified`, until a campaigner marks it.
 */

export interface ReplyClassification {
  kind: 'auto' | 'unclassified';
  /** why it is auto ("Auto-Submitted: auto-replied", "subject: Автоответ"); null when unclassified */
  reason: string | null;
}

export interface ClassifiedFacts {
  /** lower-case header name → its value, unfolded and decoded (the first of its name) */
  headers: Record<string, string>;
  subject: string;
  /** MAIL FROM of the envelope: '' for the null sender, null when not known */
  envelopeFrom?: string | null;
}

/**
 * Out-of-office and automatic-reply subjects, matched in a subject with its case folded, Arabic
 * marks (harakat, tatweel) removed and runs of white space made one space. Each is a phrase mail
 * systems put in their own subject line ("Automatic reply: …", "Réponse automatique : …",
 * "Автоответ: …", "رد تلقائي: …"), not words a person answering a letter would choose.
 */
export const AUTO_SUBJECTS: { language: string; pattern: RegExp }[] = [
  {
    language: 'en',
    pattern:
      /\b(automatic reply|auto[- ]?reply|auto[- ]?response|automated response|autoresponder|out of (the )?office|away from (the |my )?office|absence notice|vacation reply)\b/u,
  },
  {
    language: 'fr',
    pattern:
      /(réponse automatique|reponse automatique|message d'absence|message d’absence|absent du bureau|absente du bureau|absence du bureau|hors du bureau)/u,
  },
  {
    language: 'de',
    pattern: /(automatische antwort|abwesenheitsnotiz|abwesenheitsnachricht|abwesenheitsmeldung|außer haus|ausser haus|nicht im büro|\babwesend\b)/u,
  },
  {
    language: 'ru',
    pattern: /(автоответ|автоматический ответ|нет на месте|вне офиса|не в офисе|отсутствую|отсутствие на рабочем месте)/u,
  },
  {
    language: 'ar',
    pattern: /(رد تلقائي|رد آلي|الرد التلقائي|الرد الآلي|خارج المكتب|غير موجود في المكتب|غائب عن المكتب)/u,
  },
];

const AUTO_PRECEDENCE = new Set(['auto_reply', 'bulk', 'junk']);

/** A subject as the patterns read it: lower case, Arabic marks gone, white space made single spaces. */
export function foldSubject(subject: string): string {
  return subject
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first word of a header value, without its parameters: "auto-replied; owner-email=…" → "auto-replied". */
const keyword = (v: string | undefined) => (v ?? '').split(';')[0].trim().toLowerCase();

export function classifyReply(facts: ClassifiedFacts): ReplyClassification {
  const h = facts.headers;
  const submitted = keyword(h['auto-submitted']);
  if (submitted && submitted !== 'no') return auto(`Auto-Submitted: ${submitted}`);
  if (h['x-autoreply'] !== undefined && keyword(h['x-autoreply']) !== 'no') return auto('X-Autoreply');
  if (h['x-autorespond'] !== undefined && keyword(h['x-autorespond']) !== 'no') return auto('X-Autorespond');
  const precedence = keyword(h['precedence']);
  if (AUTO_PRECEDENCE.has(precedence)) return auto(`Precedence: ${precedence}`);
  if (facts.envelopeFrom === '') return auto('the null sender (MAIL FROM:<>)');
  const subject = foldSubject(facts.subject);
  for (const { language, pattern } of AUTO_SUBJECTS) {
    const m = pattern.exec(subject);
    if (m) return auto(`subject (${language}): ${m[0]}`);
  }
  return { kind: 'unclassified', reason: null };
}

const auto = (reason: string): ReplyClassification => ({ kind: 'auto', reason });

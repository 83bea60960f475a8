import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { LetterEditing } from '../campaigns/campaign.entity.js';
import { LETTER_BODY_MAX } from '../letters/letter-editing.js';
import { SignDto } from './dto/sign.dto.js';

/** The fields a supporter fills in, in the order of the form (letterBody: a campaign whose supporters may rewrite the letter). */
export const FORM_FIELDS = ['firstName', 'lastName', 'email', 'country', 'postcode', 'comment', 'letterBody'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
/** What the supporter typed, kept to fill the form again when it comes back with errors. */
export type FormValues = Partial<Record<FormField | 'source' | 'optIn', string>>;

export type SignFormResult = { ok: true; dto: SignDto; values: FormValues } | { ok: false; invalid: FormField[]; values: FormValues };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Reads a posted sign form (form-encoded or JSON) with the same rules as the JSON API (SignDto):
 * the valid signature, or the fields that are wrong. `source` comes from the page's own hidden
 * field, so it is cleaned rather than refused. `letterBody` (the letter in the supporter's words,
 * as the API's letter.body) is read only where the campaign offers it (`letterEditing` "body").
 */
export async function readSignForm(body: unknown, letterEditing: LetterEditing = 'comment'): Promise<SignFormResult> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const f of FORM_FIELDS) {
    const v = b[f];
    if (f === 'letterBody' && letterEditing !== 'body') continue;
    // kept long enough to be refused, not cut to fit
    if (typeof v === 'string' && v.trim() !== '') values[f] = v.slice(0, f === 'letterBody' ? 2 * LETTER_BODY_MAX : 5000);
  }
  if (typeof b.source === 'string') {
    const source = b.source.replace(CONTROL, ' ').trim().slice(0, 100);
    if (source) values.source = source;
  }
  // an unticked checkbox sends nothing: consent is given only by a ticked one
  const optIn = b.optIn === 'yes' || b.optIn === true;
  if (optIn) values.optIn = 'yes';
  const { letterBody, ...fields } = values;
  const dto = plainToInstance(SignDto, { ...fields, optIn, ...(letterBody ? { letter: { body: letterBody } } : {}) });
  const problems = await validate(dto, { whitelist: true, forbidUnknownValues: true });
  if (problems.length) {
    const wrong = new Set(problems.map((p) => (p.property === 'letter' ? 'letterBody' : p.property)));
    return { ok: false, invalid: FORM_FIELDS.filter((f) => wrong.has(f)), values };
  }
  return { ok: true, dto, values };
}

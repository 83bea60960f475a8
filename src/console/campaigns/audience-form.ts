import { AUDIENCE_MODES, audienceProblem, normaliseAudience, type Audience, type AudienceMode } from '../../campaigns/audience.js';
import { isCountryCode } from '../../common/countries.js';
import { AUDIENCE_COUNTRIES_FIELD, AUDIENCE_FIELD } from '../views/campaigns/audience-controls.js';
import type { ClassConstructor } from 'class-transformer';
import { validateAs } from '../forms.js';
import type { FormErrors, FormValues } from '../views/form-kit.js';

export type AudienceFromForm = { ok: true; audience: Audience | undefined } | { ok: false; errors: FormErrors };

/**
 * The audience chosen in a form's audience controls (audience-controls.ts), checked with the API's
 * own rule (audienceProblem) and normalised; the problems worded for the form, by field. The
 * countries box counts only for "these countries": codes separated by commas, semicolons or
 * spaces, any case. A form without the controls (`absent: 'none'`) answers no audience.
 */
export function audienceFromForm(v: FormValues, absent: 'everyone' | 'none' = 'everyone'): AudienceFromForm {
  const typed = v[AUDIENCE_FIELD]?.trim();
  if (typed === undefined && absent === 'none') return { ok: true, audience: undefined };
  const mode = (typed || 'everyone') as AudienceMode;
  if (!AUDIENCE_MODES.includes(mode)) return { ok: false, errors: { [AUDIENCE_FIELD]: 'Choose whose letters they receive from the list.' } };
  if (mode !== 'countries') return { ok: true, audience: { mode } as Audience };
  const codes = (v[AUDIENCE_COUNTRIES_FIELD] ?? '')
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((c) => c.toUpperCase());
  const fail = (text: string): AudienceFromForm => ({ ok: false, errors: { [AUDIENCE_COUNTRIES_FIELD]: text } });
  if (!codes.length) return fail('List the countries whose supporters write to them: two-letter codes such as FR, DE.');
  const wrong = [...new Set(codes.filter((c) => !isCountryCode(c)))];
  if (wrong.length)
    return fail(`Not ${wrong.length === 1 ? 'a country code' : 'country codes'}: ${wrong.join(', ')}. Use two-letter ISO codes such as FR, DE, LB.`);
  const audience = { mode, countries: codes };
  const problem = audienceProblem(audience);
  return problem ? fail(problem) : { ok: true, audience: normaliseAudience(audience) };
}

/** Two audiences alike (both normalised). */
export const sameAudience = (a: Audience, b: Audience) => JSON.stringify(normaliseAudience(a)) === JSON.stringify(normaliseAudience(b));

/**
 * A form with audience controls, checked as the API checks its body: the audience read from the
 * form (audienceFromForm), then `body(audience)` validated with the API's DTO class. Answers the
 * DTO, or the problems by the form's field.
 */
export async function checkAudienceForm<T extends object>(
  cls: ClassConstructor<T>,
  values: FormValues,
  body: (audience: Audience | undefined) => Record<string, unknown>,
  absent: 'everyone' | 'none' = 'everyone',
): Promise<{ ok: true; dto: T } | { ok: false; errors: FormErrors }> {
  const chosen = audienceFromForm(values, absent);
  if (!chosen.ok) return chosen;
  const checked = await validateAs(cls, body(chosen.audience));
  return checked.ok ? checked : { ok: false, errors: dtoErrors(checked.errors) };
}

/**
 * The problems validateAs found with a body the console built (AttachTargetDto, BulkAttachDto,
 * SetAudienceDto), by the form's field: `filter.tag` beside the Tag field, `audience` beside the
 * audience; the rest (a malformed post) above the form.
 */
export function dtoErrors(errors: FormErrors): FormErrors {
  const out: FormErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const field = path.startsWith('filter.') ? path.slice('filter.'.length) : path === 'audience' ? AUDIENCE_FIELD : '';
    const text = field ? message : `${path}: ${message}`;
    out[field] = out[field] ? `${out[field]} ${text}` : text;
  }
  return out;
}

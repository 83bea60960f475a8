import { describeAudience, type Audience, type AudienceMode } from '../../../campaigns/audience.js';
import type { CampaignTargetView } from '../../../campaigns/campaigns.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { errorSummary, fieldId, type FormErrors, type FormValues } from '../form-kit.js';

/** The names of the audience fields, in every form that has them (audience-form.ts reads them). */
export const AUDIENCE_FIELD = 'audience';
export const AUDIENCE_COUNTRIES_FIELD = 'audienceCountries';

/** The audience controls' labels, for a form's summary of its problems. */
export const AUDIENCE_LABELS: Record<string, string> = { [AUDIENCE_FIELD]: 'Letters from', [AUDIENCE_COUNTRIES_FIELD]: 'These countries' };

/** The audiences of audience.ts, as the select offers them. */
export const AUDIENCE_CHOICES: readonly { value: AudienceMode; label: string }[] = [
  { value: 'everyone', label: 'Every supporter' },
  { value: 'same-country', label: "Supporters in the official's own country" },
  { value: 'countries', label: 'Supporters in these countries' },
  { value: 'fallback', label: 'Supporters no country-matched official receives (fallback)' },
];

/** An audience as the controls show it. */
export const audienceValues = (a: Audience): FormValues => ({
  [AUDIENCE_FIELD]: a.mode,
  [AUDIENCE_COUNTRIES_FIELD]: a.mode === 'countries' ? a.countries.join(', ') : '',
});

/** The id of an audience control: `prefix` tells apart two forms of one page. */
export const audienceControlId = (prefix: string, name: string) => fieldId(prefix ? `${prefix}.${name}` : name);

/**
 * Whose letters an official receives: a select of the four audiences and, for "these countries",
 * a text box of country codes; in a fieldset whose legend names the choice. Problems beside their
 * control; what was typed kept.
 */
export function audienceControls(o: { prefix: string; legend: string; values: FormValues; errors?: FormErrors; hint?: string }): SafeHtml {
  const e = o.errors ?? {};
  const mode = o.values[AUDIENCE_FIELD] || 'everyone';
  const modeId = audienceControlId(o.prefix, AUDIENCE_FIELD);
  const countriesId = audienceControlId(o.prefix, AUDIENCE_COUNTRIES_FIELD);
  const error = (id: string, text: string | undefined) =>
    text ? html`<p class="error" id="${id}-error"><span class="visually-hidden">Error: </span>${text}</p>` : '';
  const described = (id: string, text: string | undefined) =>
    html` aria-describedby="${id}-hint${text ? ` ${id}-error` : ''}"${text ? html` aria-invalid="true"` : ''}`;
  return html`<fieldset class="audience-controls">
<legend>${o.legend}</legend>
${o.hint ? html`<p class="hint">${o.hint}</p>` : ''}
<div class="row">
<div class="field${e[AUDIENCE_FIELD] ? ' invalid' : ''}" data-field="${AUDIENCE_FIELD}">
<label for="${modeId}">Letters from</label>
<p class="hint" id="${modeId}-hint">A supporter's country is the one they give when signing.</p>
${error(modeId, e[AUDIENCE_FIELD])}
<select id="${modeId}" name="${AUDIENCE_FIELD}"${described(modeId, e[AUDIENCE_FIELD])}>${AUDIENCE_CHOICES.map(
    (c) => html`<option value="${c.value}"${c.value === mode ? html` selected` : ''}>${c.label}</option>`,
  )}</select>
</div>
<div class="field${e[AUDIENCE_COUNTRIES_FIELD] ? ' invalid' : ''}" data-field="${AUDIENCE_COUNTRIES_FIELD}">
<label for="${countriesId}">These countries <span class="optional">(for “Supporters in these countries”)</span></label>
<p class="hint" id="${countriesId}-hint">Two-letter country codes separated by commas: FR, DE, BE.</p>
${error(countriesId, e[AUDIENCE_COUNTRIES_FIELD])}
<input id="${countriesId}" name="${AUDIENCE_COUNTRIES_FIELD}" type="text" value="${o.values[AUDIENCE_COUNTRIES_FIELD] ?? ''}" maxlength="1200" autocapitalize="characters" autocomplete="off" spellcheck="false"${described(countriesId, e[AUDIENCE_COUNTRIES_FIELD])}>
</div>
</div>
</fieldset>`;
}

/** "Letters from every supporter", and a warning when the audience can take nobody's letters. */
export function audienceText(t: Pick<CampaignTargetView, 'audience' | 'country'>): SafeHtml {
  const phrase = html`Letters from ${describeAudience(t.audience)}`;
  if (t.audience.mode === 'same-country' && !t.country)
    return html`${phrase} <span class="bad">(this official has no country: nobody's letters reach them)</span>`;
  return phrase;
}

/**
 * A form's problems at its top (errorSummary), each linked to its control: the audience's to
 * those of the form `prefix` (audienceControlId), the others' to their field (fieldId).
 */
export function formProblems(prefix: string, errors: FormErrors, labels: Record<string, string> = {}): SafeHtml {
  const summary: FormErrors = {};
  const named: Record<string, string> = {};
  for (const [name, message] of Object.entries(errors)) {
    const key = prefix && name in AUDIENCE_LABELS ? `${prefix}.${name}` : name;
    summary[key] = message;
    const label = labels[name] ?? AUDIENCE_LABELS[name];
    if (label) named[key] = label;
  }
  return errorSummary(summary, named);
}

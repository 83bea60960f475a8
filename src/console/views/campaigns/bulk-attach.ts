import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { csrfField, input, type FormErrors, type FormValues } from '../form-kit.js';
import { audienceControls, formProblems } from './audience-controls.js';

/** The bulk attach form's filters, by name (the directory's; the audience's labels are audience-controls.ts's). */
export const BULK_LABELS: Record<string, string> = {
  tag: 'Tag',
  country: 'Country',
  organization: 'Organization',
};

/** What a bulk attach form was sent with, and what was wrong with it (shown again with a 400). */
export interface BulkAttachForm {
  values: FormValues;
  errors: FormErrors;
}

/**
 * "Attach many at once": every active official of the directory matching a tag, a country and an
 * organization (those filled in), with one audience; the tags in use offered as one types.
 */
export function bulkAttachSection(ctx: ConsoleContext, action: string, knownTags: readonly string[], form: BulkAttachForm | undefined): SafeHtml {
  const v = form?.values ?? {};
  const e = form?.errors ?? {};
  return html`<section aria-labelledby="bulk-h" class="card" id="bulk">
<h2 id="bulk-h">Attach many at once</h2>
<p class="hint">Fill in at least one of tag, country and organization: every active official in the <a href="/console/targets">directory</a> matching all of them is attached, pending (then launch them all with the button under the list of officials). Officials attached already keep their audience; withdrawn ones come back, pending, with this one.</p>
${formProblems('bulk', e, BULK_LABELS)}
<form method="post" action="${action}" novalidate>
${csrfField(ctx)}
<div class="row">
${input({ name: 'tag', label: 'Tag', value: v.tag, error: e.tag, noOptionalMark: true, hint: 'One whole tag: foreign-minister…', attrs: html` list="bulk-known-tags" autocomplete="off" maxlength="50" spellcheck="false"` })}
${input({ name: 'country', label: 'Country', value: v.country, error: e.country, noOptionalMark: true, hint: "The official's country, two letters: FR, LB…", attrs: html` maxlength="2" autocapitalize="characters" autocomplete="off" spellcheck="false"` })}
${input({ name: 'organization', label: 'Organization', value: v.organization, error: e.organization, noOptionalMark: true, hint: 'Part of its name, any case', attrs: html` maxlength="200" autocomplete="off"` })}
</div>
<datalist id="bulk-known-tags">${knownTags.map((t) => html`<option value="${t}"></option>`)}</datalist>
${audienceControls({ prefix: 'bulk', legend: 'Whose letters they receive', values: v, errors: e })}
<button type="submit" class="primary">Attach all matching</button>
</form>
</section>`;
}

import type { ErasureResult } from '../../../privacy/dto/supporter-export.view.js';
import { html } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { csrfField, errorSummary, input, radios, type FormErrors, type FormValues } from '../form-kit.js';
import { num } from '../format.js';
import { consolePage } from '../layout.js';

export const EXPORT_LABELS: Record<string, string> = { email: 'Email address', format: 'Format' };
export const ERASE_LABELS: Record<string, string> = { email: 'Email address', emailAgain: 'Email address, again' };

export interface DataRequestForms {
  exportForm: { values: FormValues; errors: FormErrors };
  eraseForm: { values: FormValues; errors: FormErrors };
}

/** Errors of one form, with its field names made distinct from the other form's (two "email" fields on one page). */
const prefixed = (errors: FormErrors, prefix: string): FormErrors => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k ? `${prefix}${k}` : '', v]));

/**
 * A supporter's data requests: the export (a download, JSON or CSV) and the erasure (the address
 * typed twice, after saying what it does). Both are audited.
 */
export function dataRequestsPage(ctx: ConsoleContext, forms: DataRequestForms): string {
  const ex = forms.exportForm;
  const er = forms.eraseForm;
  const labels = {
    'export-email': EXPORT_LABELS.email,
    'export-format': EXPORT_LABELS.format,
    'erase-email': ERASE_LABELS.email,
    'erase-emailAgain': ERASE_LABELS.emailAgain,
  };
  const errors = { ...prefixed(ex.errors, 'export-'), ...prefixed(er.errors, 'erase-') };
  return consolePage(ctx, {
    title: 'Data requests',
    section: 'data',
    hasErrors: Object.keys(errors).length > 0,
    body: html`<h1>Supporter data requests</h1>
<p class="hint">A supporter asks what ${ctx.org} holds about them, or to be forgotten. Both are found by their email address, and both are recorded in the audit log (by supporter id, never the address).</p>
${errorSummary(errors, labels)}
<section class="card narrow-form" aria-labelledby="export-h">
<h2 id="export-h">Export</h2>
<p>Everything held about the person: their details, every signature (with the keyed hash of the address it came from), the letters sent or owed in their name and the emails sent to them.</p>
<form method="post" action="/console/data-requests/export" novalidate>
${csrfField(ctx)}
${input({ name: 'export-email', label: EXPORT_LABELS.email, type: 'email', value: ex.values.email, error: ex.errors.email, required: true, attrs: html` autocomplete="off" spellcheck="false" maxlength="254"` })}
${radios({
  name: 'export-format',
  label: EXPORT_LABELS.format,
  value: ex.values.format ?? 'json',
  error: ex.errors.format,
  options: [
    { value: 'json', label: 'JSON', hint: 'Structured, for another system or a careful reader.' },
    { value: 'csv', label: 'CSV', hint: 'One row per value, safe to open in a spreadsheet.' },
  ],
})}
<button type="submit" class="primary">Download export</button>
</form>
</section>
<section class="card narrow-form" aria-labelledby="erase-h">
<h2 id="erase-h">Erase</h2>
<div class="notice bad" id="erase-warning">
<p><strong>Erasure cannot be undone.</strong> In one step, the person is anonymised everywhere:</p>
<ul>
<li>their name, email address and postcode are removed; their confirmed signatures stay, and still count, with nothing personal on them;</li>
<li>their unconfirmed signatures are deleted;</li>
<li>every letter not yet sent in their name is cancelled (one being sent at this moment finishes), and so is every email to them;</li>
<li>their confirmation and withdrawal links stop working.</li>
</ul>
<p>Export first if they asked for their data too.</p>
</div>
<form method="post" action="/console/data-requests/erase" novalidate>
${csrfField(ctx)}
${input({ name: 'erase-email', label: ERASE_LABELS.email, type: 'email', value: er.values.email, error: er.errors.email, required: true, attrs: html` autocomplete="off" spellcheck="false" maxlength="254"` })}
${input({ name: 'erase-emailAgain', label: ERASE_LABELS.emailAgain, type: 'email', value: er.values.emailAgain, error: er.errors.emailAgain, required: true, hint: 'Type it again, to be sure it is the right person.', attrs: html` autocomplete="off" spellcheck="false" maxlength="254"` })}
<button type="submit" class="danger" aria-describedby="erase-warning">Erase</button>
</form>
</section>`,
  });
}

/** What an erasure did, from SupporterErasureService's answer: shown by the POST that did it. */
export function erasedPage(ctx: ConsoleContext, r: ErasureResult): string {
  const rows: [string, number][] = [
    ['Signatures anonymised (they still count)', r.signatures],
    ['Unconfirmed signatures deleted', r.unconfirmedDeleted],
    ['Letters cancelled', r.lettersCancelled],
    ['Letters being sent at that moment (they finish)', r.lettersInFlight],
    ['Emails to them cancelled', r.emailsCancelled],
    ['Confirmation and withdrawal links revoked', r.linksRevoked],
  ];
  return consolePage(ctx, {
    title: 'Supporter erased',
    section: 'data',
    crumbs: [{ href: '/console/data-requests', label: 'Data requests' }],
    body: html`<section class="narrow card" aria-labelledby="erased-h">
<h1 id="erased-h">Supporter erased</h1>
<p class="lead">Nothing personal about them is left. The audit log records the erasure as supporter <code>${r.supporterId}</code>.</p>
<dl class="meta erased">${rows.map(([label, n]) => html`<dt>${label}</dt><dd>${num(n)}</dd>`)}</dl>
<p><a href="/console/data-requests">Back to data requests</a></p>
</section>`,
  });
}

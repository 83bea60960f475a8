import { html, type SafeHtml } from '../../views/html.js';
import type { ConsoleContext } from '../console-context.js';

/** Problems with a form, by field name (the dotted path of the API's field); '' for the form as a whole. */
export type FormErrors = Record<string, string>;

/** The form values as typed, by field name, so a form shown again keeps them. */
export type FormValues = Record<string, string | undefined>;

/** The id of a field's control: its name, made safe for an id and a #fragment. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export const csrfField = (ctx: Pick<ConsoleContext, 'csrf'>) => html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;

interface Common {
  name: string;
  label: string;
  error?: string;
  hint?: string | SafeHtml;
  required?: boolean;
  /** extra attributes, already safe: html` maxlength="200"` */
  attrs?: SafeHtml;
  /** a class on the field's wrapper */
  wide?: boolean;
  /** leave out "(optional)" after the label (a search box, a choice with a default) */
  noOptionalMark?: boolean;
}

function parts(o: Common) {
  const id = fieldId(o.name);
  const hintId = o.hint ? `${id}-hint` : '';
  const errorId = o.error ? `${id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const aria = html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${o.error ? html` aria-invalid="true"` : ''}${o.required ? html` required` : ''}`;
  const label = html`<label for="${id}">${o.label}${o.required || o.noOptionalMark ? '' : html` <span class="optional">(optional)</span>`}</label>`;
  const hint = o.hint ? html`<p class="hint" id="${hintId}">${o.hint}</p>` : '';
  const error = o.error ? html`<p class="error" id="${errorId}"><span class="visually-hidden">Error: </span>${o.error}</p>` : '';
  const wrap = (control: SafeHtml) =>
    html`<div class="field${o.error ? ' invalid' : ''}${o.wide ? ' wide' : ''}" data-field="${o.name}">${label}${hint}${error}${control}</div>`;
  return { id, aria, wrap };
}

export function input(o: Common & { value?: string | number | null; type?: string }): SafeHtml {
  const { id, aria, wrap } = parts(o);
  return wrap(html`<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${aria}${o.attrs ?? ''}>`);
}

export function textarea(o: Common & { value?: string | null; rows?: number }): SafeHtml {
  const { id, aria, wrap } = parts(o);
  return wrap(html`<textarea id="${id}" name="${o.name}" rows="${o.rows ?? 6}"${aria}${o.attrs ?? ''}>${o.value ?? ''}</textarea>`);
}

export function select(o: Common & { value?: string | null; options: { value: string; label: string }[] }): SafeHtml {
  const { id, aria, wrap } = parts(o);
  return wrap(
    html`<select id="${id}" name="${o.name}"${aria}${o.attrs ?? ''}>${o.options.map(
      (opt) => html`<option value="${opt.value}"${opt.value === (o.value ?? '') ? html` selected` : ''}>${opt.label}</option>`,
    )}</select>`,
  );
}

/** One checkbox, its label after it. Unticked sends nothing, so the form sends a hidden "false" first. */
export function checkbox(o: Omit<Common, 'required'> & { checked: boolean }): SafeHtml {
  const id = fieldId(o.name);
  const hintId = o.hint ? `${id}-hint` : '';
  return html`<div class="field check${o.error ? ' invalid' : ''}" data-field="${o.name}">
<input type="hidden" name="${o.name}" value="false">
<input id="${id}" name="${o.name}" type="checkbox" value="true"${o.checked ? html` checked` : ''}${hintId ? html` aria-describedby="${hintId}"` : ''}>
<label for="${id}">${o.label}</label>
${o.hint ? html`<p class="hint" id="${hintId}">${o.hint}</p>` : ''}
${o.error ? html`<p class="error"><span class="visually-hidden">Error: </span>${o.error}</p>` : ''}
</div>`;
}

/** Radio buttons in a fieldset whose legend names the choice. */
export function radios(o: Common & { value?: string | null; options: { value: string; label: string; hint?: string }[] }): SafeHtml {
  const id = fieldId(o.name);
  return html`<fieldset class="field radios${o.error ? ' invalid' : ''}" id="${id}" data-field="${o.name}">
<legend>${o.label}</legend>
${o.hint ? html`<p class="hint">${o.hint}</p>` : ''}
${o.error ? html`<p class="error"><span class="visually-hidden">Error: </span>${o.error}</p>` : ''}
${o.options.map((opt, i) => {
  const oid = `${id}-${i}`;
  return html`<div class="radio"><input type="radio" id="${oid}" name="${o.name}" value="${opt.value}"${opt.value === o.value ? html` checked` : ''}>
<label for="${oid}">${opt.label}</label>${opt.hint ? html`<p class="hint">${opt.hint}</p>` : ''}</div>`;
})}
</fieldset>`;
}

/**
 * The problems of a form, at its top: a heading, then one link per problem to its field (and the
 * form's own problems, unlinked). Focused when the page opens, so a screen reader reads it first.
 */
export function errorSummary(errors: FormErrors, labels: Record<string, string> = {}): SafeHtml {
  const entries = Object.entries(errors).filter(([, m]) => m);
  if (!entries.length) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" data-autofocus>
<h2>There is a problem</h2>
<ul>${entries.map(([name, message]) =>
    name ? html`<li><a href="#${fieldId(name)}">${labels[name] ? `${labels[name]}: ` : ''}${message}</a></li>` : html`<li>${message}</li>`,
  )}</ul>
</div>`;
}

/** A button that posts (with the CSRF token) to `action`: for actions that change something. */
export function postButton(
  ctx: Pick<ConsoleContext, 'csrf'>,
  action: string,
  label: string,
  opts: { kind?: 'primary' | 'secondary' | 'danger'; fields?: Record<string, string>; describedBy?: string } = {},
): SafeHtml {
  return html`<form method="post" action="${action}" class="inline">${csrfField(ctx)}${Object.entries(opts.fields ?? {}).map(
    ([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`,
  )}<button type="submit" class="${opts.kind ?? 'secondary'}"${opts.describedBy ? html` aria-describedby="${opts.describedBy}"` : ''}>${label}</button></form>`;
}

/** A link styled as a button (for actions that open a page first: a confirmation, a form). */
export const linkButton = (href: string, label: string, kind: 'primary' | 'secondary' | 'danger' = 'secondary') =>
  html`<a class="button ${kind}" href="${href}">${label}</a>`;

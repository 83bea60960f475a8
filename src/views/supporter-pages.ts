import { COUNTRY_CODES } from '../common/countries.js';
import type { PublicCampaign } from '../signatures/public-campaign.service.js';
import { html, page, type SafeHtml } from './html.js';

export type FieldErrors = Partial<Record<'firstName' | 'lastName' | 'email' | 'country' | 'postcode' | 'comment' | 'form', string>>;
export type FormValues = Partial<Record<'firstName' | 'lastName' | 'email' | 'country' | 'postcode' | 'comment' | 'source', string>>;

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });
const COUNTRIES = COUNTRY_CODES.map((code) => ({ code, name: countryNames.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name));

function field(name: keyof FieldErrors & keyof FormValues, label: string, input: SafeHtml, errors: FieldErrors) {
  const error = errors[name];
  return html`<div class="field${error ? ' invalid' : ''}">
<label for="${name}">${label}</label>
${input}
${error ? html`<p class="error" id="${name}-error" role="alert">${error}</p>` : ''}
</div>`;
}

function described(name: string, errors: FieldErrors) {
  return errors[name as keyof FieldErrors] ? html` aria-invalid="true" aria-describedby="${name}-error"` : '';
}

export function campaignPage(c: PublicCampaign, values: FormValues = {}, errors: FieldErrors = {}): string {
  const goal = c.signatureGoal;
  const percent = goal ? Math.min(100, Math.round((c.signatureCount / goal) * 100)) : null;
  const open = c.status === 'live';
  const text = (name: keyof FormValues, label: string, opts: { type?: string; required?: boolean; autocomplete?: string; max: number }) =>
    field(
      name as keyof FieldErrors & keyof FormValues,
      label,
      html`<input id="${name}" name="${name}" type="${opts.type ?? 'text'}" maxlength="${opts.max}" value="${values[name] ?? ''}"${
        opts.required ? html` required` : ''
      }${opts.autocomplete ? html` autocomplete="${opts.autocomplete}"` : ''}${described(name, errors)}>`,
      errors,
    );
  const form = html`<form method="post" action="/c/${c.slug}" novalidate>
${errors.form ? html`<p class="error" role="alert">${errors.form}</p>` : ''}
${text('firstName', 'First name', { required: true, autocomplete: 'given-name', max: 100 })}
${text('lastName', 'Last name', { required: true, autocomplete: 'family-name', max: 100 })}
${text('email', 'Email', { type: 'email', required: true, autocomplete: 'email', max: 254 })}
${field(
  'country',
  'Country',
  html`<select id="country" name="country" required autocomplete="country"${described('country', errors)}>
<option value="">Choose your country</option>
${COUNTRIES.map((k) => html`<option value="${k.code}"${values.country === k.code ? html` selected` : ''}>${k.name}</option>`)}
</select>`,
  errors,
)}
${text('postcode', 'Postcode (optional)', { autocomplete: 'postal-code', max: 20 })}
${field(
  'comment',
  'Your personal message (optional)',
  html`<textarea id="comment" name="comment" maxlength="1000" rows="4"${described('comment', errors)}>${values.comment ?? ''}</textarea>`,
  errors,
)}
<input type="hidden" name="source" value="${values.source ?? ''}">
<p class="consent">By signing, you ask us to send this letter in your name to the officials above, with your name and country.
We will email you once to confirm. Your email address is never shown to the officials: replies come to you directly.</p>
<button type="submit">Sign the appeal</button>
</form>`;
  const closedNote =
    c.status === 'closed'
      ? html`<p class="state" role="status">This campaign is closed. Thank you to everyone who signed.</p>`
      : html`<p class="state" role="status">This campaign is paused for now and is not taking signatures.</p>`;
  return page({
    title: c.title,
    body: html`<article>
<h1>${c.title}</h1>
${c.summary ? html`<p class="summary">${c.summary}</p>` : ''}
<section aria-labelledby="count-h" class="progress">
<h2 id="count-h" class="visually-hidden">Signatures</h2>
<p><strong>${c.signatureCount.toLocaleString('en')}</strong> ${c.signatureCount === 1 ? 'person has' : 'people have'} signed${
      goal ? html` of a goal of ${goal.toLocaleString('en')}` : ''
    }.</p>
${percent !== null ? html`<progress max="100" value="${percent}" aria-label="${percent}% of the goal">${percent}%</progress>` : ''}
</section>
<section aria-labelledby="targets-h">
<h2 id="targets-h">Your letter goes to</h2>
<ul class="targets">${c.targets.map((t) => html`<li><strong>${t.name}</strong>, ${t.title}${t.organization ? html`, ${t.organization}` : ''}</li>`)}</ul>
</section>
<section aria-labelledby="letter-h">
<h2 id="letter-h">The letter</h2>
<div class="letter"><p class="subject">${c.letter.subject}</p><pre>${c.letter.body}</pre></div>
</section>
<section aria-labelledby="sign-h">
<h2 id="sign-h">Sign</h2>
${open ? form : closedNote}
</section>
</article>`,
  });
}

export function messagePage(title: string, paragraphs: (string | SafeHtml)[], status = 'status'): string {
  return page({
    title,
    body: html`<article class="message" role="${status}">
<h1>${title}</h1>
${paragraphs.map((p) => html`<p>${p}</p>`)}
</article>`,
  });
}

export function withdrawQuestionPage(token: string, campaignTitle: string): string {
  return page({
    title: 'Withdraw your signature',
    body: html`<article class="message">
<h1>Withdraw your signature?</h1>
<p>You signed <strong>${campaignTitle}</strong>. If you withdraw, letters not yet sent in your name will not be sent.</p>
<form method="post" action="/withdraw/${token}"><button type="submit">Withdraw my signature</button></form>
</article>`,
  });
}

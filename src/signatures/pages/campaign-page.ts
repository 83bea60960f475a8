import { countryOptions, formatDate, formatDateTime, formatNumber, plural, type Locale } from '../../i18n/i18n.js';
import { countryName } from '../../letters/letter-composition.js';
import { responsesSection } from '../../replies/responses-section.js';
import { LETTER_BODY_MAX } from '../../letters/letter-editing.js';
import { html, type SafeHtml } from '../../views/html.js';
import type { PageContext } from '../../views/page-context.js';
import { supporterPage } from '../../views/supporter-layout.js';
import { HONEYPOT_FIELD, STAMP_FIELD } from '../form-friction.js';
import type { PublicCampaign } from '../public-campaign.service.js';
import type { FormField, FormValues } from '../sign-form.js';
import { letterBody, letterText } from './letter-preview.js';

export type FieldErrors = Partial<Record<FormField, string>>;

export interface SignFormState {
  values: FormValues;
  errors: FieldErrors;
  /** the signed time stamp of this rendering (bot friction) */
  stamp: string;
  /** the minimum fill time: the form's script waits this long after showing the form before sending it */
  minFillMs: number;
  /** the CAPTCHA widget, when the installation asks for one (src/security/captcha), and its error */
  captcha?: { widget: SafeHtml; error?: string };
  /** a targeted campaign: who receives the letter of a supporter of the country chosen (values.country) */
  recipients?: Recipients;
}

/** The officials who receive a supporter's letter, for their country (RecipientsService). */
export interface Recipients {
  country: string;
  targets: { name: string; title: string; organization: string }[];
}

const COMMENT_MAX = 1000;

/** A list of officials: name, then title and organization. */
export function officialsList(targets: Recipients['targets']): SafeHtml {
  return html`<ul class="officials">${targets.map(
    (x) =>
      html`<li><span class="name" dir="auto">${x.name}</span>${
        x.title || x.organization ? html` <span class="role" dir="auto">${[x.title, x.organization].filter(Boolean).join(', ')}</span>` : ''
      }</li>`,
  )}</ul>`;
}

/**
 * For a targeted campaign: who receives the letter of a supporter from the country chosen (the
 * form's script fills it in as the country changes; the server, when it shows the form again).
 */
export function recipientsBlock(ctx: PageContext, recipients: Recipients | undefined): SafeHtml {
  const { t } = ctx;
  if (!recipients) return html``;
  const country = countryName(recipients.country, ctx.locale);
  return recipients.targets.length
    ? html`<p>${t.recipientsFor(country)}</p>${officialsList(recipients.targets)}`
    : html`<p class="warning">${t.noRecipients(country)}</p>`;
}

/** Whether the campaign takes signatures right now, and if not, why (shown instead of the form). */
export function campaignState(c: PublicCampaign, now = new Date()): 'open' | 'closed' | 'ended' | 'paused' {
  if (c.status === 'closed') return 'closed';
  if (c.endsAt && new Date(c.endsAt) <= now) return 'ended';
  if (c.status === 'paused') return 'paused';
  return 'open';
}

/** The campaign holds its letters until delivery.startAt, which is still to come: the page says when they go. */
export function lettersHeld(c: Pick<PublicCampaign, 'deliveryStartAt'>, now = new Date()): boolean {
  return !!c.deliveryStartAt && new Date(c.deliveryStartAt) > now;
}

/** GET /c/:slug: the campaign, the letter, who receives it, the count, and the form (or an honest state). */
export function campaignPage(ctx: PageContext, c: PublicCampaign, form: SignFormState, now = new Date()): string {
  const { t } = ctx;
  const state = campaignState(c, now);
  const hasErrors = state === 'open' && (Object.keys(form.errors).length > 0 || !!form.captcha?.error);
  const body = html`<article class="campaign">
<header class="intro">
<h1 dir="auto">${c.title}</h1>
${c.summary ? html`<p class="summary" dir="auto">${c.summary}</p>` : ''}
${progress(ctx, c)}
${state === 'open' && c.endsAt ? html`<p class="ends">${t.endsOn(formatDate(ctx.locale, new Date(c.endsAt)))}</p>` : ''}
${state === 'open' && lettersHeld(c, now) ? html`<p class="letters-go" id="letters-go">${t.lettersGoOn(formatDateTime(ctx.locale, new Date(c.deliveryStartAt!)))}</p>` : ''}
${state === 'open' ? html`<p class="jump"><a class="button" href="#sign">${t.jumpToForm}</a></p>` : ''}
</header>
${
  c.targets.length
    ? html`<section class="targets" aria-labelledby="targets-h">
<h2 id="targets-h">${t.targetsHeading}</h2>
${c.targeted ? html`<p>${t.recipientsByCountry}</p>` : officialsList(c.targets)}
</section>`
    : ''
}
<section class="letter" aria-labelledby="letter-h">
<h2 id="letter-h">${t.letterHeading}</h2>
<p class="note">${t.letterNote}</p>
<div class="paper">
<p class="subject" dir="auto"><span class="label">${t.letterSubject}</span> ${letterText(c.letter.subject, t, c.title)}</p>
${letterBody(c.letter.body, t, c.title)}
</div>
</section>
${responsesSection(ctx.locale, c.responses ?? [])}
<section class="sign" id="sign" aria-labelledby="sign-h">
<h2 id="sign-h">${state === 'open' ? t.formHeading : t.jumpToForm}</h2>
${state === 'open' ? signForm(ctx, c, form) : html`<p class="state ${state}">${t.state[state]}</p>`}
</section>
</article>`;
  return supporterPage(ctx, {
    title: `${hasErrors ? t.errorTitlePrefix : ''}${c.title}`,
    description: c.summary || undefined,
    scripts: state === 'open' ? ['sign-form.js'] : [],
    body,
  });
}

function progress(ctx: PageContext, c: PublicCampaign): SafeHtml {
  const { t, locale } = ctx;
  const count = c.signatureCount;
  const goal = c.signatureGoal;
  const sentence = count === 0 ? t.noSignaturesYet : plural(locale, count, t.signedCount);
  if (!goal) return html`<div class="progress"><p class="count" id="count">${sentence}</p></div>`;
  const ratio = Math.min(count / goal, 1);
  // a first few signatures toward a large goal show as "0.02%", not "0%"
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: ratio > 0 && ratio < 0.01 ? 2 : 0 }).format(ratio);
  return html`<div class="progress">
<p class="count" id="count">${sentence}</p>
<progress max="${goal}" value="${Math.min(count, goal)}" aria-labelledby="count" aria-describedby="goal">${percent}</progress>
<p class="goal" id="goal">${t.progressLabel(percent, formatNumber(locale, goal))}</p>
</div>`;
}

const unselectedOptions = new Map<Locale, SafeHtml>();

/** The country <option>s in the page's language; the list with nothing selected is rendered once per language. */
function countrySelectOptions(locale: Locale, selected: string | undefined): SafeHtml {
  const render = (chosen: string | undefined) =>
    html`${countryOptions(locale).map((k) => html`<option value="${k.code}"${chosen === k.code ? html` selected` : ''}>${k.name}</option>`)}`;
  if (selected) return render(selected.trim().toUpperCase());
  let cached = unselectedOptions.get(locale);
  if (!cached) unselectedOptions.set(locale, (cached = render(undefined)));
  return cached;
}

function signForm(ctx: PageContext, c: PublicCampaign, form: SignFormState): SafeHtml {
  const { t } = ctx;
  const { values, errors } = form;
  const invalid = (Object.keys(errors) as FormField[]).filter((f) => errors[f]);
  const summaryItems = invalid.map((f) => html`<li><a href="#${f}">${errors[f]}</a></li>`);
  if (form.captcha?.error) summaryItems.push(html`<li><a href="#captcha">${form.captcha.error}</a></li>`);
  const described = (f: FormField, ...more: string[]) => {
    const ids = [...more, errors[f] ? `${f}-error` : ''].filter(Boolean);
    return html`${ids.length ? html` aria-describedby="${ids.join(' ')}"` : ''}${errors[f] ? html` aria-invalid="true"` : ''}`;
  };
  const label = (f: FormField, optional = false) =>
    html`<label for="${f}">${t.fields[f]}${optional ? html` <span class="optional">(${t.optional})</span>` : ''}</label>`;
  const error = (f: FormField) =>
    errors[f] ? html`<p class="error" id="${f}-error"><span class="visually-hidden">${t.errorTitlePrefix}</span>${errors[f]}</p>` : '';
  const field = (f: FormField, inner: SafeHtml) => html`<div class="field${errors[f] ? ' invalid' : ''}" data-field="${f}">${inner}</div>`;
  const input = (f: FormField, attrs: SafeHtml, ...describedBy: string[]) =>
    html`<input id="${f}" name="${f}" value="${values[f] ?? ''}"${attrs}${described(f, ...describedBy)}>`;
  /** a text box with its live count of characters left (the form's script keeps it current) */
  const textBox = (f: 'comment' | 'letterBody', max: number, rows: number, hint: string, value: string, optional: boolean) =>
    field(
      f,
      html`${label(f, optional)}<p class="hint" id="${f}-hint">${hint}</p>${error(f)}<textarea id="${f}" name="${f}" rows="${rows}" maxlength="${max}" dir="auto" data-counted${described(
        f,
        `${f}-hint`,
        `${f}-counter`,
      )}>${value}</textarea>
<p class="counter" id="${f}-counter" data-max="${max}" data-forms="${JSON.stringify(t.charactersLeft)}">${plural(ctx.locale, Math.max(0, max - [...value].length), t.charactersLeft)}</p>
<p class="visually-hidden" id="${f}-counter-live" aria-live="polite"></p>`,
    );

  return html`<form class="sign-form" method="post" action="/c/${c.slug}?lang=${ctx.locale}" novalidate data-sign-form
 data-msg-network="${t.errors.network}" data-msg-too-many="${t.errors.tooMany}" data-msg-unexpected="${t.errors.unexpected}"
 data-msg-submitting="${t.submitting}" data-msg-error-prefix="${t.errorTitlePrefix}" data-min-fill-ms="${form.minFillMs}">
<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"${
    summaryItems.length ? html` autofocus` : html` hidden`
  }>
<h3 id="error-summary-title">${t.errorSummary}</h3>
<ul>${summaryItems}</ul>
</div>
<div class="names">
${field('firstName', html`${label('firstName')}${error('firstName')}${input('firstName', html` type="text" autocomplete="given-name" maxlength="100" required`)}`)}
${field('lastName', html`${label('lastName')}${error('lastName')}${input('lastName', html` type="text" autocomplete="family-name" maxlength="100" required`)}`)}
</div>
${field(
  'email',
  html`${label('email')}<p class="hint" id="email-hint">${t.emailHint}</p>${error('email')}${input(
    'email',
    html` type="email" autocomplete="email" inputmode="email" spellcheck="false" maxlength="254" required dir="ltr"`,
    'email-hint',
  )}`,
)}
<div class="names">
${field(
  'country',
  html`${label('country')}${error('country')}<select id="country" name="country" autocomplete="country" required${described('country')}>
<option value="">${t.chooseCountry}</option>
${countrySelectOptions(ctx.locale, values.country)}
</select>`,
)}
${field('postcode', html`${label('postcode', true)}${error('postcode')}${input('postcode', html` type="text" autocomplete="postal-code" maxlength="20"`)}`)}
</div>
${
  c.targeted
    ? html`<div class="recipients" id="recipients" aria-live="polite" data-url="/api/public/campaigns/${c.slug}/recipients"
 data-msg-for="${t.recipientsFor('{country}')}" data-msg-none="${t.noRecipients('{country}')}">${recipientsBlock(ctx, form.recipients)}</div>`
    : ''
}
${
  // a campaign whose supporters may rewrite the letter offers its text to edit (letter.editable), in place of a comment
  c.letterEditing === 'body'
    ? textBox('letterBody', LETTER_BODY_MAX, 14, t.letterBodyHint, values.letterBody ?? c.letter.editable ?? '', false)
    : textBox('comment', COMMENT_MAX, 4, t.commentHint, values.comment ?? '', true)
}
${
  c.optIn
    ? html`<div class="field opt-in" data-field="optIn"><input type="checkbox" id="optIn" name="optIn" value="yes"${values.optIn === 'yes' ? html` checked` : ''}>
<label for="optIn" dir="auto">${c.optIn.label ?? t.optInDefault(ctx.org)}</label></div>`
    : ''
}
<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">${t.honeypotLabel}</label><input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="${STAMP_FIELD}" value="${form.stamp}">
${values.source ? html`<input type="hidden" name="source" value="${values.source}">` : ''}
${form.captcha?.widget ?? ''}
<p class="consent" id="consent">${t.consent(ctx.org)}${c.requireConfirmation ? html` ${t.consentConfirm}` : ''}</p>
${ctx.privacyUrl ? html`<p class="privacy">${t.privacyNote(ctx.org)} <a href="${ctx.privacyUrl}" rel="noopener">${t.privacyLink}</a></p>` : ''}
<button type="submit" aria-describedby="consent">${t.submit}</button>
</form>
<div class="done" id="sign-done" tabindex="-1" hidden>
<h3>${c.requireConfirmation ? t.checkEmailTitle : t.signedTitle}</h3>
${c.requireConfirmation ? html`<p>${t.checkEmailText}</p><p>${t.checkEmailSpam}</p>` : html`<p>${t.signedText}</p>`}
</div>`;
}

import { PLACEHOLDERS, DIGEST_ONLY } from '../../../letters/placeholders.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { checkbox, csrfField, errorSummary, fieldId, input, radios, select, textarea, type FormErrors, type FormValues } from '../form-kit.js';
import { consolePage, type Crumb } from '../layout.js';

/** The page languages whose consent-box words the settings take (the campaign may hold others through the API). */
const OPT_IN_LANGUAGES = [
  ['en', 'English'],
  ['ar', 'Arabic'],
  ['ru', 'Russian'],
] as const;

export const CAMPAIGN_LABELS: Record<string, string> = {
  title: 'Title',
  slug: 'Slug',
  summary: 'Summary',
  signatureGoal: 'Signature goal',
  endsAt: 'End date',
  requireConfirmation: 'Confirmation',
  'optIn.enabled': 'Consent to further contact',
  'optIn.label': 'Words of the consent box',
  letterEditing: 'What supporters may write',
  'moderation.mode': 'Moderation',
  'moderation.blockedWords': 'Blocked words',
  'moderation.maxLinks': 'Links allowed',
  'moderation.duplicates': 'Near-duplicates',
  'delivery.mode': 'Delivery mode',
  'delivery.maxPerTargetPerHour': 'Letters per official per hour',
  'delivery.digestIntervalMinutes': 'Digest interval',
  'delivery.supporterReceipts': 'Delivery receipts',
  'delivery.startAt': 'Hold letters until',
  'delivery.replies': "Officials' replies",
  'delivery.forwardReplies': 'Forward replies',
  'delivery.showSupporterEmail': "Supporter's address in the letter",
  'delivery.sendWindow': 'Office hours',
  'delivery.sendWindow.fromHour': 'Office hours: from',
  'delivery.sendWindow.toHour': 'Office hours: until',
  'delivery.sendWindow.weekdaysOnly': 'Office hours: weekdays only',
  'appeal.subject': 'Subject',
  'appeal.body': 'Letter',
};

/** What each placeholder stands for, for the list the editor inserts from. */
export const PLACEHOLDER_HELP: Record<string, string> = {
  'target.name': "the official's name",
  'target.title': "the official's title",
  'target.organization': "the official's organization",
  'supporter.firstName': "the supporter's first name",
  'supporter.lastName': "the supporter's last name",
  'supporter.fullName': "the supporter's full name",
  'supporter.country': "the supporter's country",
  'supporter.comment': "the supporter's personal message",
  'campaign.title': "the campaign's title",
  signatureCount: 'digest only: how many signed in the period',
  signatories: 'digest only: the list of names and countries',
};

/**
 * The placeholders of the closed set, each a button that inserts it where the cursor is (with
 * JavaScript), and the text to type (without). The same list the API checks against.
 */
export function placeholderList(targetField: string, mode: 'individual' | 'digest'): SafeHtml {
  const usable = PLACEHOLDERS.filter((p) => mode === 'digest' || !DIGEST_ONLY.includes(p));
  return html`<details class="placeholders" open>
<summary>Placeholders</summary>
<p class="hint">Each is replaced by its value in every letter. Type it, or choose it to insert it where the cursor is.</p>
<ul>${usable.map(
    (p) =>
      html`<li><button type="button" class="chip" data-insert="{{${p}}}" data-into="${fieldId(targetField)}" aria-label="Insert {{${p}}}: ${PLACEHOLDER_HELP[p]}"><code>{{${p}}}</code></button> <span class="hint">${PLACEHOLDER_HELP[p]}</span></li>`,
  )}</ul>
</details>`;
}

/** The closed set, for the editor's script: the same rule as the API, checked as one types. */
export const placeholderData = (mode: 'individual' | 'digest') =>
  html` data-placeholders="${PLACEHOLDERS.join(' ')}" data-digest-only="${mode === 'digest' ? '' : DIGEST_ONLY.join(' ')}"`;

/** A letter field (subject or body) with the live check of its placeholders beside it. */
export function letterField(o: {
  name: string;
  label: string;
  value: string | undefined;
  error?: string;
  kind: 'subject' | 'body';
  mode: 'individual' | 'digest';
  hint?: string;
  dir?: string;
}): SafeHtml {
  const id = fieldId(o.name);
  const checkAttrs = html`${placeholderData(o.mode)} data-placeholder-check="${id}-check"${o.dir ? html` dir="${o.dir}"` : html` dir="auto"`}`;
  const control =
    o.kind === 'subject'
      ? input({ name: o.name, label: o.label, value: o.value, error: o.error, required: true, hint: o.hint, attrs: html` maxlength="300"${checkAttrs}` })
      : textarea({
          name: o.name,
          label: o.label,
          value: o.value,
          error: o.error,
          required: true,
          hint: o.hint,
          rows: 14,
          attrs: html` maxlength="20000"${checkAttrs}`,
          wide: true,
        });
  return html`${control}<p class="placeholder-check" id="${id}-check" aria-live="polite"></p>`;
}

/**
 * The campaign's own fields (every field the API takes), for a new campaign (with its letter)
 * or its settings. Values are the form's as typed; errors sit beside their fields and at the top.
 */
export function campaignFormPage(
  ctx: ConsoleContext,
  opts: {
    mode: 'create' | 'update';
    action: string;
    values: FormValues;
    errors: FormErrors;
    crumbs: Crumb[];
    slugLocked?: boolean;
    campaignId?: string;
    status?: string;
  },
): string {
  const { values: v, errors: e } = opts;
  const create = opts.mode === 'create';
  const deliveryMode = v['delivery.mode'] === 'digest' ? 'digest' : 'individual';
  const title = create ? 'New campaign' : 'Settings';
  const body = html`<h1>${create ? 'New campaign' : html`Settings <span class="sub">${v.title ?? ''}</span>`}</h1>
${errorSummary(e, CAMPAIGN_LABELS)}
<form method="post" action="${opts.action}" novalidate class="stacked">
${csrfField(ctx)}
<fieldset class="card"><legend>The campaign page</legend>
${input({ name: 'title', label: 'Title', value: v.title, error: e.title, required: true, attrs: html` maxlength="200" dir="auto"${create ? html` data-slug-source="${fieldId('slug')}"` : ''}` })}
${input({
  name: 'slug',
  label: 'Slug',
  value: v.slug,
  error: e.slug,
  required: true,
  hint: opts.slugLocked
    ? `The page's address: ${ctx.publicUrl}/c/${v.slug ?? ''}. It cannot change once the campaign has been launched: links to it are out.`
    : `The page's address: ${ctx.publicUrl}/c/<slug>. Lower-case letters, digits and dashes; suggested from the title.`,
  attrs: html` maxlength="80" pattern="[a-z0-9]([a-z0-9-]*[a-z0-9])?" spellcheck="false" autocapitalize="off"${opts.slugLocked ? html` readonly` : ''}`,
})}
${textarea({ name: 'summary', label: 'Summary', value: v.summary, error: e.summary, rows: 4, hint: 'What the campaign asks, in a few sentences: shown under the title and when the page is shared.', attrs: html` maxlength="5000" dir="auto"` })}
<div class="row">
${input({ name: 'signatureGoal', label: 'Signature goal', type: 'number', value: v.signatureGoal, error: e.signatureGoal, hint: 'Shown as a progress bar on the page.', attrs: html` min="1" inputmode="numeric"` })}
${input({ name: 'endsAt', label: 'End date', type: 'datetime-local', value: v.endsAt, error: e.endsAt, hint: 'UTC. The campaign closes itself then; letters owed are still sent.' })}
</div>
</fieldset>
<fieldset class="card"><legend>Signing</legend>
${checkbox({ name: 'requireConfirmation', label: 'Supporters confirm by email before their letters are owed', checked: v.requireConfirmation !== 'false', error: e.requireConfirmation, hint: 'Recommended: it stops people signing others up.' })}
${checkbox({
  name: 'optIn.enabled',
  label: 'Ask supporters whether you may contact them again',
  checked: v['optIn.enabled'] === 'true',
  error: e['optIn.enabled'],
  hint: 'The form shows an unticked box; what each supporter agreed to, in the words they saw, is kept with their signature and in the signatures download. Every email to them carries a one-click unsubscribe.',
})}
<div class="row">
${OPT_IN_LANGUAGES.map(([locale, name]) =>
  input({
    name: `optIn.label.${locale}`,
    label: `Words of the box in ${name}`,
    value: v[`optIn.label.${locale}`],
    error: e[`optIn.label.${locale}`] ?? (locale === 'en' ? e['optIn.label'] : undefined),
    hint: 'Leave empty for the default words.',
    attrs: html` maxlength="300" dir="auto"`,
  }),
)}
</div>
${radios({
  name: 'letterEditing',
  label: 'What supporters may write',
  value: v.letterEditing === 'body' ? 'body' : 'comment',
  error: e.letterEditing,
  options: [
    { value: 'comment', label: 'A personal message', hint: "Added to the campaign's letter, after its text and before the signature." },
    {
      value: 'body',
      label: 'Their own letter',
      hint: "The page offers the letter's text to rewrite (up to 5,000 characters). The salutation (the letter's first paragraph, for each official) and the signature line stay fixed; what a supporter writes is sent as written, placeholders included. Officials answer personal letters: the campaign's figures show how many carry the supporter's own words.",
    },
  ],
})}
</fieldset>
${moderationFieldset(v, e)}
<fieldset class="card"><legend>Delivery</legend>
${radios({
  name: 'delivery.mode',
  label: 'Delivery mode',
  value: deliveryMode,
  error: e['delivery.mode'],
  options: [
    { value: 'individual', label: 'One letter per supporter', hint: 'Each confirmed signature becomes its own letter to each official.' },
    { value: 'digest', label: 'Digest', hint: 'Each official gets one letter per interval listing the new signatories.' },
  ],
})}
<div class="row">
${input({ name: 'delivery.maxPerTargetPerHour', label: 'Letters per official per hour', type: 'number', value: v['delivery.maxPerTargetPerHour'], error: e['delivery.maxPerTargetPerHour'], hint: 'Pacing, across every campaign writing to the same address. Empty: no limit.', attrs: html` min="1" inputmode="numeric"` })}
${input({ name: 'delivery.digestIntervalMinutes', label: 'Digest interval (minutes)', type: 'number', value: v['delivery.digestIntervalMinutes'], error: e['delivery.digestIntervalMinutes'], hint: 'Digest mode only. Default 1440: one letter a day.', attrs: html` min="5" inputmode="numeric"` })}
</div>
${input({ name: 'delivery.startAt', label: 'Hold letters until', type: 'datetime-local', value: v['delivery.startAt'], error: e['delivery.startAt'], hint: 'UTC. Collect signatures now and deliver on a chosen day (a summit, a vote): every letter waits until then. Empty: letters go as signatures are confirmed.' })}
${checkbox({ name: 'delivery.supporterReceipts', label: 'Email each supporter once their letters are all delivered (or say which failed)', checked: v['delivery.supporterReceipts'] === 'true', error: e['delivery.supporterReceipts'] })}
${radios({
  name: 'delivery.replies',
  label: "Officials' replies",
  value: v['delivery.replies'] || 'supporter',
  error: e['delivery.replies'],
  options: [
    {
      value: 'supporter',
      label: 'To the supporter',
      hint: 'Each letter says Reply-To the supporter who signed it: answers go to them, and Appeals never sees them.',
    },
    {
      value: 'relay',
      label: 'Through Appeals',
      hint: "Each letter says Reply-To an address of this campaign's own: answers are kept in the Replies tab, and the office never sees a supporter's address.",
    },
  ],
})}
${checkbox({ name: 'delivery.forwardReplies', label: "Through Appeals: send each official's answer on to the supporter who wrote", checked: v['delivery.forwardReplies'] === 'true', error: e['delivery.forwardReplies'], hint: 'Not automatic replies (out of office), nor answers to digests.' })}
${checkbox({ name: 'delivery.showSupporterEmail', label: "Put the supporter's email address under their name in the letter", checked: v['delivery.showSupporterEmail'] === 'true', error: e['delivery.showSupporterEmail'], hint: 'So an official can still write to them directly when answers go through Appeals.' })}
</fieldset>
${officeHoursFieldset(v, e)}
${
  create
    ? html`<fieldset class="card"><legend>The letter</legend>
<p class="hint">What every official receives, in each supporter's name. Translations and a preview for each official are on the campaign's Letter page, once it is created.</p>
${letterField({ name: 'appeal.subject', label: 'Subject', value: v['appeal.subject'], error: e['appeal.subject'], kind: 'subject', mode: deliveryMode })}
${letterField({ name: 'appeal.body', label: 'Letter', value: v['appeal.body'], error: e['appeal.body'], kind: 'body', mode: deliveryMode })}
${placeholderList('appeal.body', deliveryMode)}
</fieldset>`
    : ''
}
<div class="actions">
<button type="submit" class="primary">${create ? 'Create campaign' : 'Save settings'}</button>
<a class="button secondary" href="${create ? '/console/campaigns' : `/console/campaigns/${opts.campaignId}`}">Cancel</a>
</div>
</form>`;
  return consolePage(ctx, { title, section: 'campaigns', crumbs: opts.crumbs, hasErrors: Object.keys(e).length > 0, body });
}

/** Moderation of supporters' own words: what waits for review, and the rules (docs/moderation.md). */
function moderationFieldset(v: FormValues, e: FormErrors): SafeHtml {
  return html`<fieldset class="card" id="moderation"><legend>Moderation</legend>
<p class="hint">Every letter goes out under your organisation's campaign. Moderation reads supporters' own words (their message, or the letter they wrote) before they reach an official. Waiting letters are listed in the campaign's Review tab.</p>
${radios({
  name: 'moderation.mode',
  label: 'What waits for review',
  value: v['moderation.mode'] || 'off',
  error: e['moderation.mode'],
  options: [
    { value: 'off', label: 'Nothing', hint: 'Letters go as written. The rules below are still checked: flagged texts are listed in the Review tab.' },
    {
      value: 'flagged',
      label: 'Texts that trip a rule',
      hint: 'A blocked word, too many links, an address at an official’s own domain, or a near-duplicate when set below. The others go at once.',
    },
    { value: 'all', label: "Every supporter's own words", hint: 'Letters without a message of their own still go at once.' },
  ],
})}
${textarea({
  name: 'moderation.blockedWords',
  label: 'Blocked words',
  value: v['moderation.blockedWords'],
  error: e['moderation.blockedWords'],
  rows: 4,
  hint: 'One word or phrase per line, matched whole, whatever the case ("ass" does not match "assault").',
  attrs: html` dir="auto"`,
})}
${input({ name: 'moderation.maxLinks', label: 'Links allowed in a text', type: 'number', value: v['moderation.maxLinks'], error: e['moderation.maxLinks'], hint: 'More than this trips the rule. Empty: 1.', attrs: html` min="0" max="20" inputmode="numeric"` })}
${radios({
  name: 'moderation.duplicates',
  label: 'Near-duplicates of an earlier text',
  value: v['moderation.duplicates'] || 'allow',
  error: e['moderation.duplicates'],
  options: [
    {
      value: 'allow',
      label: 'Send them, flagged',
      hint: 'Parliaments filter identical mail: the flag and the campaign’s personalisation figure show how many there are.',
    },
    { value: 'review', label: 'Hold them for review', hint: 'When something waits for review (not with “Nothing”).' },
  ],
})}
</fieldset>`;
}

/** The hours of a day for the office hours' selects: "" (any time), then 00:00 … 23:00 (and 24:00 for the end). */
const hourOptions = (last: number) => [
  { value: '', label: '—' },
  ...Array.from({ length: last + 1 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` })),
];

/** Office hours (delivery.sendWindow): letters reach each official only between two hours of their own time zone. */
function officeHoursFieldset(v: FormValues, e: FormErrors): SafeHtml {
  return html`<fieldset class="card"><legend>Office hours</legend>
<p class="hint">Letters reach each official only between these hours of their own time zone (the official's time zone in the directory, else their country's when it has only one, else UTC). A letter owed outside them waits for the next opening, with no attempt spent, and the letters that waited are spread over it. Both empty: any time. An end before the start runs overnight (22:00 until 06:00).</p>
${e['delivery.sendWindow'] ? html`<p class="error"><span class="visually-hidden">Error: </span>${e['delivery.sendWindow']}</p>` : ''}
<div class="row">
${select({ name: 'delivery.sendWindow.fromHour', label: 'From', value: v['delivery.sendWindow.fromHour'] ?? '', error: e['delivery.sendWindow.fromHour'], options: hourOptions(23) })}
${select({ name: 'delivery.sendWindow.toHour', label: 'Until', value: v['delivery.sendWindow.toHour'] ?? '', error: e['delivery.sendWindow.toHour'], options: hourOptions(24).filter((o) => o.value !== '0') })}
</div>
${checkbox({ name: 'delivery.sendWindow.weekdaysOnly', label: 'Monday to Friday only', checked: v['delivery.sendWindow.weekdaysOnly'] === 'true', error: e['delivery.sendWindow.weekdaysOnly'] })}
</fieldset>`;
}

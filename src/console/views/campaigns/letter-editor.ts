import type { CampaignView, LetterPreview } from '../../../campaigns/campaigns.service.js';
import type { VersionForm } from '../../campaigns/letter-version-form.js';
import { html, type SafeHtml } from '../../../views/html.js';
import type { ConsoleContext } from '../../console-context.js';
import { csrfField, errorSummary, fieldId, input, select, textarea, type FormErrors, type FormValues } from '../form-kit.js';
import { consolePage } from '../layout.js';
import { campaignCrumbs, campaignHeader } from './campaign-header.js';
import { letterField, placeholderList } from './campaign-form.js';
import { dirOf, languageName } from './language-names.js';
import { versionLabels, versionsSection } from './letter-versions-editor.js';

/** Locales offered when adding a translation (any BCP 47 tag may be typed). */
const COMMON_LOCALES = ['ar', 'ru', 'fr', 'es', 'de', 'en', 'zh', 'pt', 'tr', 'fa', 'he', 'uk', 'it', 'nl', 'pl', 'ja', 'ko', 'hi', 'ur', 'sw'];
/** The labels of the editor's fields (the default letter, its translations, the versions), for the summary of a form's problems. */
export function letterLabels(locales: string[], versions: VersionForm[] = []): Record<string, string> {
  const labels: Record<string, string> = { 'appeal.subject': 'Subject', 'appeal.body': 'Letter', newLocale: 'Locale', previewTarget: 'Preview for' };
  for (const l of locales) {
    const name = languageName(l);
    labels[`translations.${l}.title`] = `${name}: Title`;
    labels[`translations.${l}.summary`] = `${name}: Summary`;
    labels[`appeal.translations.${l}.subject`] = `${name}: Subject`;
    labels[`appeal.translations.${l}.body`] = `${name}: Letter`;
    labels[`translations.${l}`] = name;
  }
  return { ...labels, ...versionLabels(versions) };
}

/** Which letter a preview shows: "the “Russia” version, in its ru translation", "the default letter". */
export const previewWhich = (p: Pick<LetterPreview, 'version' | 'translation'>) =>
  `${p.version ? `the “${p.version}” version` : 'the default letter'}${p.translation ? `, in its ${p.translation} translation` : ''}`;

/** One language of the campaign: its page (title, summary) and its letter (subject, body). */
function translationBlock(l: string, v: FormValues, e: FormErrors, mode: 'individual' | 'digest'): SafeHtml {
  const name = languageName(l);
  const dir = dirOf(l);
  return html`<fieldset class="card translation" id="${fieldId(`translations.${l}`)}" lang="${l}">
<legend lang="en">${name} <code>${l}</code></legend>
${e[`translations.${l}`] ? html`<p class="error">${e[`translations.${l}`]}</p>` : ''}
<p class="hint" lang="en">Supporters reading the page in ${name} see this title and summary; officials whose locale is ${l} get this letter. Leave a part empty to use the default.</p>
${input({ name: `translations.${l}.title`, label: 'Title', value: v[`translations.${l}.title`], error: e[`translations.${l}.title`], attrs: html` maxlength="200" dir="${dir}"` })}
${textarea({ name: `translations.${l}.summary`, label: 'Summary', value: v[`translations.${l}.summary`], error: e[`translations.${l}.summary`], rows: 3, attrs: html` maxlength="5000" dir="${dir}"` })}
${letterField({ name: `appeal.translations.${l}.subject`, label: 'Subject', value: v[`appeal.translations.${l}.subject`], error: e[`appeal.translations.${l}.subject`], kind: 'subject', mode, dir })}
${letterField({ name: `appeal.translations.${l}.body`, label: 'Letter', value: v[`appeal.translations.${l}.body`], error: e[`appeal.translations.${l}.body`], kind: 'body', mode, dir })}
<button type="submit" name="action" value="remove:${l}" class="danger" formnovalidate>Remove ${name}</button>
</fieldset>`;
}

/**
 * The letter editor: the default letter and its translations (with the page's title and summary
 * in each language), the placeholders to insert, the versions for some officials (each with its
 * translations), and beside it the letter as a chosen official will read it, from a sample
 * supporter, with a test send to oneself.
 */
export function letterEditorPage(
  ctx: ConsoleContext,
  c: CampaignView,
  state: {
    values: FormValues;
    errors: FormErrors;
    locales: string[];
    versions: VersionForm[];
    preview: LetterPreview | null;
    previewError?: string;
  },
): string {
  const { values: v, errors: e, locales, versions } = state;
  const mode = c.delivery.mode;
  const base = `/console/campaigns/${c.id}`;
  const closed = c.status === 'closed';
  const targetOptions = [
    ...(c.targets.length ? [] : [{ value: '', label: 'A sample official (no target attached yet)' }]),
    ...c.targets.map((t) => ({ value: t.id, label: `${t.name} (${languageName(t.locale)}, ${t.locale})` })),
  ];
  const p = state.preview;
  const previewPane = html`<aside class="preview-pane card" aria-labelledby="preview-h" id="preview">
<h2 id="preview-h">Preview</h2>
${select({ name: 'previewTarget', label: 'Preview for', noOptionalMark: true, value: v.previewTarget ?? p?.target?.id ?? '', options: targetOptions, hint: 'The letter in their version and language, from a sample supporter (Amal Haddad, Lebanon).', attrs: html` form="letter-form"` })}
<p class="hint" id="preview-status" role="status" aria-live="polite">${state.previewError ? `No preview: ${state.previewError}` : p ? html`Written from <span data-preview-which>${previewWhich(p)}</span>.` : ''}</p>
<div class="paper" lang="${p?.translation ?? 'en'}" dir="auto"><p class="subject" data-preview-subject>${p?.subject ?? ''}</p><div data-preview-text>${p?.text ?? ''}</div></div>
<noscript><p class="hint">Choose <strong>Preview</strong> under the letter to see your changes here before saving.</p></noscript>
<form method="post" action="${base}/test-letter" class="test-send">
${csrfField(ctx)}
<input type="hidden" name="targetId" value="${v.previewTarget ?? p?.target?.id ?? ''}">
<p class="hint">Sends the saved letter, as this official would get it, to ${ctx.staff.email}, marked [TEST]. Nothing is counted.</p>
<button type="submit" class="secondary">Send a test letter to me</button>
</form>
</aside>`;
  const body = html`${campaignHeader(ctx, c, 'letter')}
${closed ? html`<div class="notice">A closed campaign cannot be changed: this is its letter as it was sent.</div>` : ''}
${errorSummary(e, letterLabels(locales, versions))}
<div class="letter-layout">
<form method="post" action="${base}/letter" id="letter-form" novalidate data-preview-url="/api/campaigns/${c.id}/preview" data-preview-pane="preview" data-preview-status="preview-status">
${csrfField(ctx)}
<input type="hidden" name="locales" value="${locales.join(',')}">
<fieldset class="card"><legend>The letter</legend>
<p class="hint">Officials get it in their own language when it has a translation below; otherwise this one. A version below may replace it for some officials.</p>
${letterField({ name: 'appeal.subject', label: 'Subject', value: v['appeal.subject'], error: e['appeal.subject'], kind: 'subject', mode })}
${letterField({ name: 'appeal.body', label: 'Letter', value: v['appeal.body'], error: e['appeal.body'], kind: 'body', mode })}
${placeholderList('appeal.body', mode)}
</fieldset>
<h2>Translations</h2>
${locales.length ? locales.map((l) => translationBlock(l, v, e, mode)) : html`<p class="empty">No translation yet: every official and every supporter reads the default text.</p>`}
<div class="card add-translation">
${input({ name: 'newLocale', label: 'Add a translation', value: v.newLocale, error: e.newLocale, hint: 'A language tag: ar, ru, fr, pt-BR…', attrs: html` list="common-locales" maxlength="35" spellcheck="false" autocapitalize="off"` })}
<datalist id="common-locales">${COMMON_LOCALES.filter((l) => !locales.includes(l)).map((l) => html`<option value="${l}">${languageName(l)}</option>`)}</datalist>
<button type="submit" name="action" value="add" class="secondary" formnovalidate>Add translation</button>
</div>
${versionsSection(v, e, versions, mode)}
<div class="actions">
<button type="submit" name="action" value="save" class="primary"${closed ? html` disabled` : ''}>Save letter</button>
<button type="submit" name="action" value="preview" class="secondary">Preview</button>
</div>
</form>
${previewPane}
</div>`;
  return consolePage(ctx, {
    title: `Letter · ${c.title}`,
    section: 'campaigns',
    crumbs: campaignCrumbs(c).slice(0, 1),
    hasErrors: Object.keys(e).length > 0,
    body,
  });
}

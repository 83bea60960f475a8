import type { VersionForm } from '../../campaigns/letter-version-form.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { fieldId, input, type FormErrors, type FormValues } from '../form-kit.js';
import { letterField } from './campaign-form.js';
import { dirOf, languageName } from './language-names.js';

const at = (i: number) => `appeal.versions.${i}`;
const title = (i: number, name: string) => `Version ${i + 1}${name.trim() ? ` (${name.trim()})` : ''}`;

/** The labels of the versions' fields, for the summary of a form's problems. */
export function versionLabels(versions: VersionForm[]): Record<string, string> {
  const labels: Record<string, string> = { 'appeal.versions': 'Versions' };
  versions.forEach(({ name, locales }, i) => {
    const t = title(i, name);
    Object.assign(labels, {
      [at(i)]: t,
      [`${at(i)}.name`]: `${t}: Name`,
      [`${at(i)}.when`]: `${t}: For officials`,
      [`${at(i)}.when.countries`]: `${t}: Countries`,
      [`${at(i)}.when.organizations`]: `${t}: Organizations`,
      [`${at(i)}.when.tags`]: `${t}: Tags`,
      [`${at(i)}.subject`]: `${t}: Subject`,
      [`${at(i)}.body`]: `${t}: Letter`,
      [`${at(i)}.translations`]: `${t}: Translations`,
      [`${at(i)}.newLocale`]: `${t}: Locale`,
    });
    for (const l of locales) {
      const name = `${t}: ${languageName(l)}`;
      Object.assign(labels, {
        [`${at(i)}.translations.${l}`]: name,
        [`${at(i)}.translations.${l}.subject`]: `${name}: Subject`,
        [`${at(i)}.translations.${l}.body`]: `${name}: Letter`,
      });
    }
  });
  return labels;
}

/** One language of a version: its letter (subject, body). */
function versionTranslation(i: number, l: string, v: FormValues, e: FormErrors, mode: 'individual' | 'digest'): SafeHtml {
  const name = languageName(l);
  const dir = dirOf(l);
  const key = `${at(i)}.translations.${l}`;
  return html`<fieldset class="card translation" id="${fieldId(key)}" lang="${l}">
<legend lang="en">${name} <code>${l}</code></legend>
${e[key] ? html`<p class="error">${e[key]}</p>` : ''}
<p class="hint" lang="en">Officials this version is for whose locale is ${l} get this letter.</p>
${letterField({ name: `${key}.subject`, label: 'Subject', value: v[`${key}.subject`], error: e[`${key}.subject`], kind: 'subject', mode, dir })}
${letterField({ name: `${key}.body`, label: 'Letter', value: v[`${key}.body`], error: e[`${key}.body`], kind: 'body', mode, dir })}
<button type="submit" name="action" value="remove-version-locale:${i}:${l}" class="danger" formnovalidate>Remove ${name} from version ${i + 1}</button>
</fieldset>`;
}

/** One version: its name, the officials it is for, its letter and that letter's translations. */
function versionBlock(i: number, version: VersionForm, v: FormValues, e: FormErrors, mode: 'individual' | 'digest'): SafeHtml {
  const field = (name: string) => `${at(i)}.${name}`;
  const list = (key: 'countries' | 'organizations' | 'tags', label: string, hint: string) =>
    input({ name: field(`when.${key}`), label, value: v[field(`when.${key}`)], error: e[field(`when.${key}`)], hint, attrs: html` spellcheck="false"` });
  return html`<fieldset class="card version" id="${fieldId(at(i))}">
<legend>${title(i, version.name)}</legend>
${e[at(i)] ? html`<p class="error">${e[at(i)]}</p>` : ''}
<input type="hidden" name="${field('locales')}" value="${version.locales.join(',')}">
${input({ name: field('name'), label: 'Name', value: v[field('name')], error: e[field('name')], required: true, hint: 'Says which letter an official gets, in the preview: "Russia", "EU ministers".', attrs: html` maxlength="100"` })}
<fieldset class="conditions" id="${fieldId(field('when'))}">
<legend>For officials</legend>
<p class="hint">Officials who match every condition filled in (at least one) get this version, unless a version above is for them too.</p>
${e[field('when')] ? html`<p class="error"><span class="visually-hidden">Error: </span>${e[field('when')]}</p>` : ''}
${list('countries', 'Countries', 'Of these countries: ISO codes separated by commas, such as RU, BY.')}
${list('organizations', 'Organizations', 'Of one of these organizations, as the directory names it (any case), separated by commas, or by semicolons when a name holds a comma.')}
${list('tags', 'Tags', 'With at least one of these tags, separated by commas, such as foreign-minister, eu-council.')}
</fieldset>
${letterField({ name: field('subject'), label: 'Subject', value: v[field('subject')], error: e[field('subject')], kind: 'subject', mode })}
${letterField({ name: field('body'), label: 'Letter', value: v[field('body')], error: e[field('body')], kind: 'body', mode, hint: 'The same placeholders as the default letter.' })}
${version.locales.map((l) => versionTranslation(i, l, v, e, mode))}
${e[field('translations')] ? html`<p class="error" id="${fieldId(field('translations'))}">${e[field('translations')]}</p>` : ''}
<div class="add-translation">
${input({ name: field('newLocale'), label: `New translation of version ${i + 1}`, value: v[field('newLocale')], error: e[field('newLocale')], hint: 'A language tag: ar, ru, fr, pt-BR…', attrs: html` list="common-locales" maxlength="35" spellcheck="false" autocapitalize="off"` })}
<button type="submit" name="action" value="add-version-locale:${i}" class="secondary" formnovalidate>Translate version ${i + 1}</button>
</div>
<button type="submit" name="action" value="remove-version:${i}" class="danger" formnovalidate>Remove version ${i + 1}</button>
</fieldset>`;
}

/**
 * The versions of the letter: each for the officials its conditions choose (the first that
 * matches an official is theirs), with its own translations; a button adds one.
 */
export function versionsSection(v: FormValues, e: FormErrors, versions: VersionForm[], mode: 'individual' | 'digest'): SafeHtml {
  return html`<h2>Versions for some officials</h2>
<input type="hidden" name="versions" value="${versions.length}">
${e['appeal.versions'] ? html`<p class="error" id="${fieldId('appeal.versions')}">${e['appeal.versions']}</p>` : ''}
${
  versions.length
    ? versions.map((version, i) => versionBlock(i, version, v, e, mode))
    : html`<p class="empty">No version: every official gets the default letter (in their language when it has a translation).</p>`
}
<div class="card add-version">
<p class="hint">A version is another letter for some officials: those of some countries, organizations or tags (a minister asked to press a government of their own, say). The first version that matches an official is theirs; the others get the default letter.</p>
<button type="submit" name="action" value="add-version" class="secondary" formnovalidate>Add a version</button>
</div>`;
}

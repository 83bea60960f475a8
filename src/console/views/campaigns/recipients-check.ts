import { describeAudience } from '../../../campaigns/audience.js';
import type { CampaignView } from '../../../campaigns/campaigns.service.js';
import type { Recipients } from '../../../campaigns/recipients.service.js';
import { countryOptions } from '../../../i18n/i18n.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { select } from '../form-kit.js';
import { count } from '../format.js';

/** The recipients check asked for (`?recipientsFor=FR`): the country as typed, and its answer or why there is none. */
export interface RecipientsCheck {
  country: string;
  error?: string;
  result?: Recipients;
}

/** "France (FR)". */
export function countryLabel(code: string): string {
  const name = countryOptions('en').find((c) => c.code === code)?.name;
  return name && name !== code ? `${name} (${code})` : code;
}

/** What a supporter of the country checked is told: the officials their letters go to, or that nobody would take them. */
function answer(c: CampaignView, check: RecipientsCheck): SafeHtml {
  if (!check.result) return html``;
  const where = countryLabel(check.result.country);
  const targets = check.result.targets;
  const base = `/console/campaigns/${c.id}/targets`;
  if (targets.length)
    return html`<p>A supporter in ${where} writes to ${count(targets.length, 'official')}:</p>
<ul class="recipients">${targets.map(
      (t) =>
        html`<li><a href="${base}/${t.id}">${t.name}</a><span class="slug">${[t.title, t.organization, t.country].filter(Boolean).join(', ')} · letters from ${describeAudience(t.audience)}</span></li>`,
    )}</ul>`;
  const launched = c.targets.filter((t) => t.status === 'launched' && t.active).length;
  if (!launched)
    return html`<p class="notice warn">No official is launched yet, so nobody receives letters: a signature from ${where} is taken, and each official launched later gets the letters its audience includes.</p>`;
  return html`<div class="notice bad"><p><strong>Nobody receives a letter from a supporter in ${where}.</strong> No launched official's audience includes ${check.result.country}, so signing from there is refused (the campaign page says so before they sign).</p>
<p>To take them: attach and launch an official for every supporter, or a fallback one.</p></div>`;
}

/**
 * "Who receives a letter from…": a country chosen (a GET form, so the answer has its own address),
 * answered with the launched officials whose audience includes its supporters: the rule the
 * letters are owed by, and the campaign page's answer to a supporter.
 */
export function recipientsCheckSection(c: CampaignView, q: string, check: RecipientsCheck | null): SafeHtml {
  const options = [{ value: '', label: 'Choose a country' }, ...countryOptions('en').map((k) => ({ value: k.code, label: `${k.name} (${k.code})` }))];
  return html`<section aria-labelledby="recipients-h" class="card" id="recipients">
<h2 id="recipients-h">Who receives a letter from…</h2>
<p class="hint">The officials a supporter writes to, by the country they give when signing: the launched officials whose audience includes it. Officials attached but not launched do not count yet.</p>
<form method="get" action="/console/campaigns/${c.id}/targets#recipients" class="search">
${q ? html`<input type="hidden" name="q" value="${q}">` : ''}
${select({ name: 'recipientsFor', label: 'A supporter in', value: check?.country ?? '', options, error: check?.error, noOptionalMark: true })}
<button type="submit" class="secondary">Check</button>
</form>
${check ? html`<div class="recipients-answer">${answer(c, check)}</div>` : ''}
</section>`;
}

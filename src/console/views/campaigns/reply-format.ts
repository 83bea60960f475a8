import type { ReplyView } from '../../../replies/dto/reply.view.js';
import { withoutQuotation } from '../../../replies/quotation.js';
import type { ReplyKind, Stance } from '../../../replies/reply.entity.js';
import { html, type SafeHtml } from '../../../views/html.js';

/** The kinds as a campaigner reads them, in the order the filter and the form offer them. */
export const KIND_LABELS: Record<ReplyKind, string> = {
  unclassified: 'Unclassified',
  auto: 'Automatic',
  acknowledgement: 'Acknowledgement',
  substantive: 'Substantive',
};

/** The kinds in the order a campaigner meets them: the filter's and the mark form's. */
export const KINDS_IN_ORDER: readonly ReplyKind[] = ['unclassified', 'acknowledgement', 'substantive', 'auto'];

export const KIND_HINTS: Record<ReplyKind, string> = {
  unclassified: 'A person’s answer, not read yet.',
  auto: 'A machine’s: out of office, autoresponder.',
  acknowledgement: 'A receipt: “your letter has been passed on”.',
  substantive: 'An answer on the ask: give its stance below.',
};

export const STANCE_LABELS: Record<Stance, string> = { supports: 'Supports', opposes: 'Opposes', undecided: 'Undecided' };

/** The kind as a coloured label, with its word (never the colour alone). */
export const kindPill = (kind: ReplyKind) => html`<span class="pill kind-${kind}">${KIND_LABELS[kind] ?? kind}</span>`;

export const stancePill = (stance: Stance | null): SafeHtml =>
  stance ? html`<span class="pill stance-${stance}">${STANCE_LABELS[stance] ?? stance}</span>` : html``;

export const publishedPill = (published: boolean) => (published ? html`<span class="pill ok">Published</span>` : html`<span class="pill">Not published</span>`);

/** "812 bytes", "48 KB", "1.2 MB": an attachment's size. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The first lines of a reply, for the inbox: its own words (the letter it quotes left out, as on
 * the campaign page; all of it when that leaves nothing), blank lines skipped, at most `lines`
 * lines and `chars` characters, "…" when there is more (" …" after a whole line). Plain text: the
 * view escapes it.
 */
export function firstLines(text: string, lines = 3, chars = 280): string {
  const own = withoutQuotation(text) || text;
  const all = own
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const out = all.slice(0, lines).join('\n');
  if (out.length > chars) return `${out.slice(0, chars).replace(/\s+\S*$/, '')}…`;
  return all.length > lines ? `${out} …` : out;
}

/** The reply's From: "Press Office <press@mid-ru.example>", the address alone, or that it had none. */
export function senderText(from: ReplyView['from']): string {
  const address = from.address?.trim() ?? '';
  if (!address) return from.name ? `${from.name} (no address)` : 'an unknown sender (no From address)';
  return from.name ? `${from.name} <${address}>` : address;
}

/**
 * Who sent the reply, when it was not the official's own address (an assistant, a press office):
 * its senderText; null when it was theirs. Addresses compare without case.
 */
export function otherSender(from: ReplyView['from'], officialEmail: string | undefined): string | null {
  const address = from.address?.trim().toLowerCase() ?? '';
  if (address && officialEmail && address === officialEmail.trim().toLowerCase()) return null;
  return senderText(from);
}

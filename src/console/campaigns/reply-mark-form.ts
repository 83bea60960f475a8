import type { MarkReplyDto } from '../../replies/dto/mark-reply.dto.js';
import { PUBLISHABLE_KINDS, REPLY_KINDS, STANCES, type ReplyKind, type Stance } from '../../replies/reply.entity.js';
import type { FormErrors, FormValues } from '../views/form-kit.js';
import { KIND_LABELS } from '../views/campaigns/reply-format.js';

/**
 * The mark form (`kind`, and `stance`: '' for "not judged") as the PATCH body RepliesService.mark
 * takes, or what is wrong with it in words beside its field. RepliesService decides in the end;
 * these are its rules said for a form: a stance only on a substantive reply (its stance left out
 * otherwise, which the service clears), and a published reply kept one that may be published.
 */
export function markOf(values: FormValues, now: { published: boolean }): { ok: true; dto: MarkReplyDto } | { ok: false; errors: FormErrors } {
  const kind = (values.kind ?? '') as ReplyKind;
  const stance = (values.stance ?? '') as Stance | '';
  const errors: FormErrors = {};
  if (!REPLY_KINDS.includes(kind)) errors.kind = 'Choose what the reply is.';
  else if (now.published && !PUBLISHABLE_KINDS.includes(kind))
    errors.kind = `It is published, and only an acknowledgement or a substantive reply can be: unpublish it first to mark it ${KIND_LABELS[kind].toLowerCase()}.`;
  if (stance && !STANCES.includes(stance)) errors.stance = 'Choose a stance from the list, or “Not judged”.';
  else if (stance && kind !== 'substantive') errors.stance = 'Only a substantive reply has a stance: choose Substantive above, or “Not judged”.';
  if (Object.keys(errors).length) return { ok: false, errors };
  if (kind !== 'substantive') return { ok: true, dto: { kind } };
  return { ok: true, dto: { kind, stance: stance || null } };
}

/** What a mark did, for the flash: "Marked substantive: supports." */
export function markedText(before: { kind: ReplyKind; stance: Stance | null }, after: { kind: ReplyKind; stance: Stance | null }): string {
  const what = `${KIND_LABELS[after.kind].toLowerCase()}${after.kind === 'substantive' ? `: ${after.stance ?? 'stance not judged'}` : ''}`;
  if (before.kind === after.kind && before.stance === after.stance) return `Nothing changed: it is already ${what}.`;
  return `Marked ${what}.`;
}

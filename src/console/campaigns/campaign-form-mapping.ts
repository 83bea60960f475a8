import type { CampaignView } from '../../campaigns/campaigns.service.js';
import { bool, dateTime, integer, text, toDateTimeLocal } from '../forms.js';
import type { FormValues } from '../views/form-kit.js';

/** The form's fields of a campaign as the API's body (POST /api/campaigns, PATCH /api/campaigns/:id). */
export function campaignBody(v: FormValues, mode: 'create' | 'update', slugLocked = false): Record<string, unknown> {
  const digest = v['delivery.mode'] === 'digest';
  const body: Record<string, unknown> = {
    title: v.title ?? '',
    summary: text(v.summary),
    signatureGoal: integer(v.signatureGoal, mode === 'update' ? null : undefined),
    endsAt: dateTime(v.endsAt, mode === 'update' ? null : undefined),
    requireConfirmation: v.requireConfirmation === undefined ? undefined : bool(v.requireConfirmation),
    optIn: v['optIn.enabled'] === undefined ? undefined : optInBody(v),
    letterEditing: v.letterEditing || undefined,
    moderation: v['moderation.mode'] === undefined ? undefined : moderationBody(v),
    delivery: {
      mode: digest ? 'digest' : 'individual',
      maxPerTargetPerHour: integer(v['delivery.maxPerTargetPerHour'], mode === 'update' ? null : undefined),
      ...(digest ? { digestIntervalMinutes: integer(v['delivery.digestIntervalMinutes']) } : {}),
      supporterReceipts: bool(v['delivery.supporterReceipts']),
      replies: v['delivery.replies'] || undefined,
      forwardReplies: v['delivery.forwardReplies'] === undefined ? undefined : bool(v['delivery.forwardReplies']),
      showSupporterEmail: v['delivery.showSupporterEmail'] === undefined ? undefined : bool(v['delivery.showSupporterEmail']),
      startAt: dateTime(v['delivery.startAt'], mode === 'update' ? null : undefined),
      sendWindow: sendWindowBody(v, mode),
    },
  };
  if (!slugLocked) body.slug = (v.slug ?? '').trim();
  if (mode === 'create') body.appeal = { subject: v['appeal.subject'] ?? '', body: text(v['appeal.body']) };
  for (const [k, val] of Object.entries(body)) if (val === undefined) delete body[k];
  const delivery = body.delivery as Record<string, unknown>;
  for (const [k, val] of Object.entries(delivery)) if (val === undefined) delete delivery[k];
  if (body.summary === '' && mode === 'create') delete body.summary;
  return body;
}

/** A campaign as its settings form shows it. */
export function campaignValues(c: CampaignView): FormValues {
  return {
    title: c.title,
    slug: c.slug,
    summary: c.summary,
    signatureGoal: c.signatureGoal === null ? '' : String(c.signatureGoal),
    endsAt: toDateTimeLocal(c.endsAt),
    requireConfirmation: String(c.requireConfirmation),
    'optIn.enabled': String(!!c.optIn?.enabled),
    ...Object.fromEntries(Object.entries(c.optIn?.label ?? {}).map(([locale, words]) => [`optIn.label.${locale}`, words])),
    letterEditing: c.letterEditing,
    'moderation.mode': c.moderation?.mode ?? 'off',
    'moderation.blockedWords': (c.moderation?.blockedWords ?? []).join('\n'),
    'moderation.maxLinks': c.moderation?.maxLinks === undefined ? '' : String(c.moderation.maxLinks),
    'moderation.duplicates': c.moderation?.duplicates ?? 'allow',
    'delivery.mode': c.delivery.mode,
    'delivery.maxPerTargetPerHour': c.delivery.maxPerTargetPerHour ? String(c.delivery.maxPerTargetPerHour) : '',
    'delivery.digestIntervalMinutes': c.delivery.digestIntervalMinutes ? String(c.delivery.digestIntervalMinutes) : '',
    'delivery.supporterReceipts': String(!!c.delivery.supporterReceipts),
    'delivery.replies': c.delivery.replies ?? 'supporter',
    'delivery.forwardReplies': String(!!c.delivery.forwardReplies),
    'delivery.showSupporterEmail': String(!!c.delivery.showSupporterEmail),
    'delivery.startAt': toDateTimeLocal(c.delivery.startAt ?? null),
    'delivery.sendWindow.fromHour': c.delivery.sendWindow ? String(c.delivery.sendWindow.fromHour) : '',
    'delivery.sendWindow.toHour': c.delivery.sendWindow ? String(c.delivery.sendWindow.toHour) : '',
    'delivery.sendWindow.weekdaysOnly': String(!!c.delivery.sendWindow?.weekdaysOnly),
  };
}

/**
 * Office hours: both hours empty, none (null on a change: letters at any time); a form without
 * the fields leaves them as they are.
 */
function sendWindowBody(v: FormValues, mode: 'create' | 'update'): Record<string, unknown> | null | undefined {
  const from = v['delivery.sendWindow.fromHour'];
  const to = v['delivery.sendWindow.toHour'];
  if (from === undefined && to === undefined) return undefined;
  if (!from?.trim() && !to?.trim()) return mode === 'update' ? null : undefined;
  return { fromHour: integer(from), toHour: integer(to), weekdaysOnly: bool(v['delivery.sendWindow.weekdaysOnly']) };
}

/** The consent box: on or off, and its words by page language (those left empty: the default words). */
function optInBody(v: FormValues): { enabled: boolean; label?: Record<string, string> } {
  const label = Object.fromEntries(
    Object.entries(v)
      .filter(([k, words]) => k.startsWith('optIn.label.') && typeof words === 'string' && words.trim() !== '')
      .map(([k, words]) => [k.slice('optIn.label.'.length), (words as string).trim()]),
  );
  return Object.keys(label).length ? { enabled: bool(v['optIn.enabled']), label } : { enabled: bool(v['optIn.enabled']) };
}

/** Moderation: the mode, the blocked words one per line, the links allowed (empty: the default), what near-duplicates do. */
function moderationBody(v: FormValues): Record<string, unknown> {
  const words = text(v['moderation.blockedWords'])
    .split('\n')
    .map((w) => w.trim())
    .filter(Boolean);
  const maxLinks = integer(v['moderation.maxLinks']);
  return {
    mode: v['moderation.mode'],
    blockedWords: words,
    ...(maxLinks === undefined ? {} : { maxLinks }),
    duplicates: v['moderation.duplicates'] || 'allow',
  };
}

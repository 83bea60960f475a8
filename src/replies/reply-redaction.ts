import { withoutQuotation } from './quotation.js';

/** A reply as the erasure reads it (ReplyLedger.lockForErasure). */
export interface ErasableReply {
  id: string;
  /** an answer to a digest (it may name many supporters), not to the erased supporter's own letter */
  digest: boolean;
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** What is left of a reply once its supporter is erased (ReplyLedger.writeRedactions). */
export interface Redaction {
  id: string;
  text: string;
  subject: string;
  fromAddress: string | null;
  fromName: string | null;
  headers: Record<string, string>;
  /** set redacted_at: the reply answered the erased supporter's own letter */
  mark: boolean;
}

/** The person being erased, as they were. */
export interface ErasedPerson {
  firstName: string;
  lastName: string;
  email: string;
}

/** What stands where the erased supporter was named. */
export const ERASED_NAME = '[erased]';
/** What stands where the reply quoted the erased supporter's letter. */
export const QUOTATION_REMOVED = '[the letter this answers is not quoted: its supporter was erased]';

/**
 * What erasure leaves of a reply (pure). The row stays (it counts: the official answered), but not
 * the supporter's words nor their name:
 *
 * - a reply to the supporter's own letter loses the letter it quotes (quotation.ts: what the
 *   public view leaves out already, said so by a line of its own), and every mention of them left
 *   in the official's words, subject, sender and headers (their full name, first name, last name,
 *   address) becomes "[erased]"; a sender that was the supporter's own address is removed;
 * - a reply to a digest, which named them among many, loses their full name and address only
 *   (the others it names are not erased); it is changed only where it named them.
 *
 * Null: nothing to change.
 */
export function redactReply(reply: ErasableReply, who: ErasedPerson): Redaction | null {
  const names = reply.digest ? [fullName(who)] : [fullName(who), who.firstName, who.lastName];
  const scrub = scrubber([who.email, ...names]);
  const own = !reply.digest;
  const unquoted = own ? withoutQuotation(reply.text) : reply.text;
  const text = own && unquoted !== reply.text.trim() ? [unquoted, QUOTATION_REMOVED].filter(Boolean).join('\n\n') : unquoted;
  const bySupporter = !!reply.fromAddress && reply.fromAddress.toLowerCase() === who.email.toLowerCase();
  const redaction: Redaction = {
    id: reply.id,
    text: scrub(text),
    subject: scrub(reply.subject),
    fromAddress: bySupporter ? null : reply.fromAddress,
    fromName: bySupporter ? null : reply.fromName === null ? null : scrub(reply.fromName),
    headers: Object.fromEntries(Object.entries(reply.headers ?? {}).map(([k, v]) => [k, scrub(v)])),
    mark: own,
  };
  const changed =
    redaction.text !== reply.text ||
    redaction.subject !== reply.subject ||
    redaction.fromAddress !== reply.fromAddress ||
    redaction.fromName !== reply.fromName ||
    JSON.stringify(redaction.headers) !== JSON.stringify(reply.headers ?? {});
  return own || changed ? redaction : null;
}

function fullName(who: ErasedPerson): string {
  return `${who.firstName} ${who.lastName}`.trim();
}

/**
 * Replaces each of `needles` (longest first, case folded, whole words only: "Amal" is not taken out
 * of "Amalfi") by ERASED_NAME. Needles shorter than two characters are left alone.
 */
export function scrubber(needles: string[]): (s: string) => string {
  const words = [...new Set(needles.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
  if (!words.length) return (s) => s;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_.@-])(?:${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).join('|')})(?![\\p{L}\\p{N}_@-])`,
    'giu',
  );
  return (s) => s.replace(pattern, ERASED_NAME);
}

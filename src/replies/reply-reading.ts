import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { decodeHeader } from '../mail/decode-header.js';
import type { ReplyAttachment } from './reply.entity.js';
import { htmlToSafeText } from './html-text.js';

/**
 * What is kept of an official's reply, read from the parsed message (pure): the sender, subject,
 * date, plain text (the text part, else the HTML part made text: never HTML), a description of
 * each attachment, the Message-ID, the headers that classify it, and the key that makes the same
 * mail delivered twice one reply.
 */
export interface ReplyContent {
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  sentAt: Date | null;
  text: string;
  attachments: ReplyAttachment[];
  messageId: string | null;
  /** lower-case name → value (unfolded, decoded), for the headers in KEPT_HEADERS */
  headers: Record<string, string>;
  /** "mid:<Message-ID>", else "sha256:<hex>" of sender, date and text */
  dedupKey: string;
}

/** the headers kept with a reply: what classifies it (RFC 3834 and its older cousins), and how it was threaded and sent */
export const KEPT_HEADERS = [
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'precedence',
  'list-id',
  'list-unsubscribe',
  'return-path',
  'sender',
  'reply-to',
  'in-reply-to',
  'references',
  'x-mailer',
  'user-agent',
] as const;

/** a stored text is at most this long (an answer is pages, not megabytes); longer is cut, and says so */
export const MAX_TEXT_CHARS = 200_000;
const MAX_HEADER_CHARS = 2000;
const MAX_SUBJECT_CHARS = 1000;

/** Plain text as stored: CRLF made LF, control characters other than tab and newline dropped, trailing white space trimmed, cut at MAX_TEXT_CHARS. */
export function cleanText(text: string): string {
  const clean = text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return clean.length > MAX_TEXT_CHARS ? `${clean.slice(0, MAX_TEXT_CHARS)}\n[… cut: the reply was longer]` : clean;
}

/** The reply's text: its text part as written, else its HTML part made plain text. */
export function replyText(mail: Pick<ParsedMail, 'text' | 'html'>): string {
  if (mail.text && mail.text.trim()) return cleanText(mail.text);
  if (mail.html) return cleanText(htmlToSafeText(mail.html));
  return '';
}

/** The KEPT_HEADERS of a message, the first of each name, unfolded and decoded. */
export function keptHeaders(mail: Pick<ParsedMail, 'headerLines'>): Record<string, string> {
  const kept: Record<string, string> = {};
  const wanted = new Set<string>(KEPT_HEADERS);
  for (const { key, line } of mail.headerLines ?? []) {
    const name = key.toLowerCase();
    if (!wanted.has(name) || name in kept) continue;
    const colon = line.indexOf(':');
    kept[name] = decodeHeader(colon >= 0 ? line.slice(colon + 1) : '').slice(0, MAX_HEADER_CHARS);
  }
  return kept;
}

export function readReply(mail: ParsedMail): ReplyContent {
  const from = mail.from?.value?.[0];
  const fromAddress = from?.address ? from.address.trim().toLowerCase() : null;
  const fromName = from?.name ? from.name.trim() : null;
  const sentAt = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null;
  const text = replyText(mail);
  const messageId = mail.messageId?.trim() || null;
  const dedupKey = messageId
    ? `mid:${messageId}`
    : `sha256:${createHash('sha256')
        .update(`${fromAddress ?? ''}\n${sentAt?.toISOString() ?? ''}\n${text}`)
        .digest('hex')}`;
  return {
    fromAddress,
    fromName: fromName || null,
    subject: (mail.subject ?? '').trim().slice(0, MAX_SUBJECT_CHARS),
    sentAt,
    text,
    attachments: (mail.attachments ?? []).map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
    messageId,
    headers: keptHeaders(mail),
    dedupKey,
  };
}

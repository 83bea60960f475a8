import { randomUUID } from 'node:crypto';
import * as base64 from 'nodemailer/lib/base64';
import MimeNode from 'nodemailer/lib/mime-node';
import { foldLines, hasLongerLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';
import type { OutgoingMessage } from './outgoing-message.js';

const CRLF = '\r\n';
const LINE = 76;

/** One node encodes every header: making a MimeNode draws random bytes (8 % of a worker's CPU, made per header). */
const encoder = new MimeNode();

/**
 * A header line as nodemailer writes it: the value through its own encoder (addresses normalised
 * and their names quoted or RFC 2047-encoded, text encoded when it is not plain ASCII, line breaks
 * and control characters never reaching the header), folded at 76 characters.
 */
function header(key: string, value: string | { name: string; address: string }): string {
  return foldLines(`${key}: ${encoder.encodeHeaderValue(key, value)}`, LINE);
}

/** The headers the letters to one official share (From, To, Subject), encoded once each: encoding them for every letter was 3–4 % of a one-process Appeals's CPU while delivering (bench/deliver-defaults.mjs). */
const repeated = new Map<string, string>();
const REPEATED_MAX = 2000;

function repeatedHeader(key: 'From' | 'To' | 'Subject', value: string | { name: string; address: string }): string {
  const k = typeof value === 'string' ? `${key}\0${value}` : `${key}\0${value.name}\0${value.address}`;
  let line = repeated.get(k);
  if (line === undefined) {
    if (repeated.size >= REPEATED_MAX) repeated.clear();
    line = header(key, value);
    repeated.set(k, line);
  }
  return line;
}

/**
 * nodemailer's choice for text: quoted-printable when Latin letters outnumber the characters
 * outside ASCII and the control characters other than tab, LF and CR (DEL counts as neither,
 * as in nodemailer's MimeNode), else base64.
 */
function prefersQuotedPrintable(text: string): boolean {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) other++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  return other < latin;
}

/** A text body part: 7bit when it is short-lined ASCII, otherwise quoted-printable or base64 of its UTF-8. */
function textPart(type: 'plain' | 'html', content: string): string {
  const text = content.replace(/\r\n|\r|\n/g, CRLF);
  let encoding: string;
  let body: string;
  if (isPlainText(text) && !hasLongerLines(text, LINE)) {
    encoding = '7bit';
    body = text;
  } else if (prefersQuotedPrintable(text)) {
    encoding = 'quoted-printable';
    body = qp.wrap(qp.encode(text), LINE);
  } else {
    encoding = 'base64';
    body = base64.wrap(base64.encode(Buffer.from(text, 'utf8')), LINE);
  }
  return `Content-Type: text/${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: ${encoding}${CRLF}${CRLF}${body}`;
}

/**
 * The whole RFC 5322 message, as nodemailer's MailComposer would write it for the same fields
 * (text alone, or text and HTML as multipart/alternative), built in one pass. A letter is sent as
 * this `raw` text: composing through MailComposer's tree of nodes and streams cost a worker
 * about 160 µs of CPU and most of its garbage per letter (bench/deliver.mjs).
 */
export function toMime(message: OutgoingMessage, date = new Date()): string {
  const lines = [
    repeatedHeader('From', message.from),
    repeatedHeader('To', message.to),
    ...(message.replyTo ? [header('Reply-To', message.replyTo)] : []),
    repeatedHeader('Subject', message.subject),
    header('Message-ID', message.messageId),
    header('Date', date.toUTCString().replace(/GMT/, '+0000')),
    'MIME-Version: 1.0',
    ...Object.entries(message.headers).map(([key, value]) => header(key, value)),
  ];
  if (message.html === undefined) return `${lines.join(CRLF)}${CRLF}${textPart('plain', message.text)}${CRLF}`;
  const boundary = `--_Appeals-${randomUUID()}`;
  lines.push(`Content-Type: multipart/alternative;${CRLF} boundary="${boundary}"`);
  return [
    `${lines.join(CRLF)}${CRLF}`,
    `--${boundary}${CRLF}${textPart('plain', message.text)}`,
    `--${boundary}${CRLF}${textPart('html', message.html)}`,
    `--${boundary}--${CRLF}`,
  ].join(CRLF);
}

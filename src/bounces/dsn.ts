import type { ParsedMail } from 'mailparser';

/**
 * Delivery status notifications (RFC 3464): the report a receiving mail system sends back to a
 * letter's envelope sender when it could not deliver it (or is still trying). Pure functions:
 * what a DSN says, and which letter it is about.
 */

/** hard: Action failed, or status 5.x.x: the letter will never arrive; soft: 4.x.x or Action delayed, still being tried; success: 2.x.x (delivered, relayed) */
export type BounceKind = 'hard' | 'soft' | 'success';

export interface RecipientStatus {
  /** Final-Recipient, without its address type: "lavrov@mid-ru.example" */
  finalRecipient: string | null;
  /** failed, delayed, delivered, relayed or expanded */
  action: string | null;
  /** the enhanced status code (RFC 3463), e.g. "5.1.1" */
  status: string;
  /** Diagnostic-Code as given, unfolded: "smtp; 550 5.1.1 <…>: Recipient address rejected: User unknown" */
  diagnosticCode: string | null;
  remoteMta: string | null;
}

export interface DeliveryStatusReport {
  reportingMta: string | null;
  recipients: RecipientStatus[];
}

export interface Bounce {
  /** the letters it reports on: from the envelope recipient (bounces+ID@MAIL_DOMAIN), else the returned Message-ID */
  deliveryIds: string[];
  kind: BounceKind;
  /** the recipient block it was classified by (the worst one) */
  recipient: RecipientStatus;
  reportingMta: string | null;
  /** one line for the letter's history and last error: "5.1.1 smtp; 550 5.1.1 …" */
  reason: string;
}

export type BounceReading = { ok: true; bounce: Bounce } | { ok: false; problem: string };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const STATUS = /^\s*([245])\.(\d{1,3})\.(\d{1,3})(?!\d)/;
/** a status code inside a Diagnostic-Code, "550 5.1.1 …", when the Status field lacks one */
const STATUS_IN_TEXT = /(?:^|[\s;(])([245]\.\d{1,3}\.\d{1,3})(?![\d.])/;
const MAX_REASON = 500;
const DELIVERY_STATUS_TYPES = ['message/delivery-status', 'message/global-delivery-status'];
const RETURNED_MESSAGE_TYPES = ['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers'];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** bounces@MAIL_DOMAIN or bounces+anything@MAIL_DOMAIN: an address this listener takes mail for. */
export function isBounceAddress(address: string, domain: string): boolean {
  return new RegExp(`^bounces(\\+[^@]*)?@${escapeRegExp(domain)}$`, 'i').test(address.trim());
}

/**
 * The addresses the listener takes, as a log line can show them: "bounces[+<delivery id>]@MAIL_DOMAIN".
 * Written so that it does not look like an email address (the `]` before the `@`), which the log
 * scrubber (src/logging.ts) would rightly replace with `<address>`.
 */
export function bounceAddressPattern(domain: string): string {
  return `bounces[+<delivery id>]@${domain}`;
}

/**
 * Text fit for an SMTP reply line: printable ASCII only (a relay copies our refusal into its own
 * report, often raw into a us-ascii part), anything else replaced by `?`.
 */
export function asciiReply(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

/** The delivery id a VERP address names (bounces+ID@MAIL_DOMAIN), or null. */
export function deliveryIdOfAddress(address: string, domain: string): string | null {
  const m = new RegExp(`^bounces\\+(${UUID})@${escapeRegExp(domain)}$`, 'i').exec(address.trim());
  return m ? m[1].toLowerCase() : null;
}

/**
 * Splits a header-style block ("Name: value", continuation lines starting with white space) into
 * lower-case names and unfolded values. The first occurrence of a name wins.
 */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | null = null;
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && name) {
      out.set(name, `${out.get(name)} ${line.trim()}`.trim());
      continue;
    }
    const m = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (!m) {
      name = null;
      continue;
    }
    name = m[1].toLowerCase();
    if (out.has(name)) name = null;
    else out.set(name, m[2].trim());
  }
  return out;
}

/** "rfc822; lavrov@mid-ru.example" → "lavrov@mid-ru.example" (the address type dropped). */
const typedValue = (v: string | undefined) => (v ? v.replace(/^[A-Za-z0-9-]+\s*;\s*/, '').trim() || null : null);

/**
 * The body of a message/delivery-status part: one block of per-message fields, then a block per
 * recipient, separated by blank lines. Null when no recipient block carries a usable status code.
 */
export function parseDeliveryStatus(body: string): DeliveryStatusReport | null {
  const blocks = body
    .replace(/^\uFEFF/, '')
    .split(/\r?\n[ \t]*\r?\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  if (blocks.length < 2) return null;
  const perMessage = fields(blocks[0]);
  const recipients: RecipientStatus[] = [];
  for (const block of blocks.slice(1)) {
    const f = fields(block);
    const diagnosticCode = f.get('diagnostic-code')?.replace(/\s+/g, ' ') || null;
    const given = STATUS.exec(f.get('status') ?? '');
    const status = given ? `${given[1]}.${given[2]}.${given[3]}` : (STATUS_IN_TEXT.exec(diagnosticCode ?? '')?.[1] ?? null);
    if (!status || !(f.has('final-recipient') || f.has('original-recipient') || f.has('action'))) continue;
    recipients.push({
      finalRecipient: typedValue(f.get('final-recipient') ?? f.get('original-recipient')),
      action:
        f
          .get('action')
          ?.toLowerCase()
          .replace(/\s*\(.*$/, '') || null,
      status,
      diagnosticCode,
      remoteMta: typedValue(f.get('remote-mta')),
    });
  }
  if (!recipients.length) return null;
  return { reportingMta: typedValue(perMessage.get('reporting-mta')), recipients };
}

/**
 * `Action: failed` is final whatever the status class (RFC 3464 §2.3.3): a relay that gives up on
 * a letter after its queue lifetime reports the last temporary status it met (Postfix:
 * "Action: failed", "Status: 4.4.1"), and that letter will never arrive: a hard bounce.
 * `Action: delayed` is still being tried: soft. Otherwise by the status code's class (RFC 3463):
 * 5 permanent, 4 persistent transient, 2 success.
 */
export function classify(r: RecipientStatus): BounceKind {
  if (r.action === 'failed') return 'hard';
  if (r.action === 'delayed') return 'soft';
  return r.status.startsWith('5') ? 'hard' : r.status.startsWith('4') ? 'soft' : 'success';
}

const SEVERITY: Record<BounceKind, number> = { hard: 2, soft: 1, success: 0 };

/** The delivery a returned message (or its headers) names: its Message-ID <ID@MAIL_DOMAIN>, else X-Appeal-Delivery. */
export function deliveryIdOfReturnedMessage(returned: string, domain: string): string | null {
  const head = returned.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const byMessageId = new RegExp(`^message-id:\\s*<(${UUID})@${escapeRegExp(domain)}>`, 'im').exec(head);
  if (byMessageId) return byMessageId[1].toLowerCase();
  const byHeader = new RegExp(`^x-appeal-delivery:\\s*(${UUID})\\s*$`, 'im').exec(head);
  return byHeader ? byHeader[1].toLowerCase() : null;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

function oneLine(s: string, max = MAX_REASON): string {
  const line = s
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * What a received message says: which letters it reports on (the envelope recipients
 * bounces+ID@MAIL_DOMAIN first, else the Message-ID or X-Appeal-Delivery of the returned message)
 * and how they fared, from its message/delivery-status part. Anything else (an auto-reply, a
 * report with no status, a letter nobody can name) is a problem, reported, never thrown.
 */
export function readBounce(mail: ParsedMail, envelopeRecipients: string[], domain: string): BounceReading {
  const parts = mail.attachments ?? [];
  const statusPart = parts.find((a) => DELIVERY_STATUS_TYPES.includes(a.contentType?.toLowerCase()));
  if (!statusPart) return { ok: false, problem: 'no message/delivery-status part: not a delivery status notification (RFC 3464)' };
  const report = parseDeliveryStatus(statusPart.content.toString('utf8'));
  if (!report) return { ok: false, problem: 'the delivery-status part holds no recipient with a status code' };

  const fromEnvelope = envelopeRecipients.map((a) => deliveryIdOfAddress(a, domain)).filter((id): id is string => id !== null);
  let deliveryIds = [...new Set(fromEnvelope)];
  if (!deliveryIds.length) {
    const returned = parts.find((a) => RETURNED_MESSAGE_TYPES.includes(a.contentType?.toLowerCase()));
    const id = returned ? deliveryIdOfReturnedMessage(returned.content.toString('utf8'), domain) : null;
    deliveryIds = id ? [id] : [];
  }
  if (!deliveryIds.length) return { ok: false, problem: 'names no letter: neither a bounces+ID address nor a returned Message-ID of this domain' };

  const recipient = report.recipients.reduce((worst, r) => (SEVERITY[classify(r)] > SEVERITY[classify(worst)] ? r : worst));
  const detail = recipient.diagnosticCode ?? `action ${recipient.action ?? 'unknown'}`;
  return {
    ok: true,
    bounce: {
      deliveryIds,
      kind: classify(recipient),
      recipient,
      reportingMta: report.reportingMta,
      reason: oneLine(`${recipient.status} ${detail}${report.reportingMta ? ` (reported by ${report.reportingMta})` : ''}`),
    },
  };
}

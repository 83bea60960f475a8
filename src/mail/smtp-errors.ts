/**
 * Sorts a failed SMTP attempt:
 * - `permanent`: a 5xx reply: the server refused this letter and will refuse it again;
 * - `temporary`: a 4xx reply: this letter may pass later (greylisting, a full mailbox, a busy server);
 * - `unreachable`: no SMTP answer at all (refused or dropped connection, timeout, a TLS handshake
 *   that failed): the server is down, and the letter is not to blame. Appeals sends through one
 *   relay (SMTP_URL), so this holds the whole queue back instead of spending the letter's attempts.
 *
 * A permanent refusal also says what was refused (`refused`):
 * - `address`: the recipient's address does not exist or takes no mail (RFC 3463 `5.1.x` other
 *   than 5.1.7/5.1.8, which are about the sender; `5.2.1` mailbox disabled; or, from a server that
 *   gives no enhanced code, a 550/551/553 saying "no such user", "user unknown" and the like).
 *   Letter senders count it against the target's address like a hard bounce (BOUNCE_HARD_LIMIT);
 * - `message`: the message or its sender, not the address (`5.7.x` policy, `5.3.4` size, `5.6.x`
 *   content, a refused MAIL FROM, ...): the reason kept says so, and the address is not counted;
 * - null: the server did not say (a bare "550 rejected"): kept as it was answered, not counted.
 */
export type SmtpFailureKind = 'permanent' | 'temporary' | 'unreachable';
export type RefusalSubject = 'address' | 'message';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  permanent: boolean;
  /** what is kept in lastError: the server's own answer when there is one (a refusal of the message says so first) */
  reason: string;
  /** for a permanent refusal: whether the address or the message was refused; null when the server did not say */
  refused: RefusalSubject | null;
}

interface MailError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  /** the SMTP command answered: 'MAIL FROM', 'RCPT TO', 'DATA', ... (nodemailer sets it) */
  command?: string;
  rejectedErrors?: MailError[];
}

export function classifySmtpError(error: unknown): SmtpFailure {
  const e = (error ?? {}) as MailError;
  const inner = e.rejectedErrors?.[0];
  const responseCode = e.responseCode ?? inner?.responseCode;
  const response = e.response ?? inner?.response;
  const answer = truncate(response ? `${response}` : `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`);
  if (typeof responseCode === 'number') {
    const permanent = responseCode >= 500 && responseCode < 600;
    if (!permanent) return { kind: 'temporary', permanent, reason: answer, refused: null };
    const refused = refusalSubject(responseCode, response ?? '', e.command ?? inner?.command);
    const reason = refused === 'message' ? truncate(`${describeMessageRefusal(response ?? '', e.command ?? inner?.command)}: ${answer}`) : answer;
    return { kind: 'permanent', permanent, reason, refused };
  }
  return { kind: 'unreachable', permanent: false, reason: answer, refused: null };
}

/** the enhanced status code (RFC 3463) right after the reply code: "550 5.1.1 <…>: …" → ['1', '1'] */
const ENHANCED = /^\s*\d{3}[ -]5\.(\d{1,3})\.(\d{1,3})(?![\d.])/;
/** what servers that give no enhanced code say of an address that does not exist */
const NO_SUCH_ADDRESS =
  /\b(no such (user|mailbox|recipient|address|account)|user unknown|unknown (user|recipient|mailbox|address|account)|recipient unknown|(user|mailbox|recipient|account) (not found|does not exist|doesn't exist))\b/i;

/**
 * What a permanent (5xx) refusal is about: the recipient's address, or the message or sender.
 * `command` is the SMTP command refused, when known: a refused MAIL FROM is about the sender
 * whatever it says.
 */
export function refusalSubject(responseCode: number, response: string, command?: string): RefusalSubject | null {
  if (responseCode < 500 || responseCode >= 600) return null;
  if (command === 'MAIL FROM') return 'message';
  const enhanced = ENHANCED.exec(response);
  if (enhanced) {
    const [subject, detail] = [Number(enhanced[1]), Number(enhanced[2])];
    if (subject === 1) return detail === 7 || detail === 8 ? 'message' : 'address';
    if (subject === 2 && detail === 1) return 'address';
    return 'message';
  }
  if ([550, 551, 553].includes(responseCode) && (command === undefined || command === 'RCPT TO') && NO_SUCH_ADDRESS.test(response)) return 'address';
  return null;
}

/**
 * How a refusal of the message (not of the address) is described before the server's answer:
 * "refused for policy, not the address: 554 5.7.1 …", by the enhanced code's subject (RFC 3463).
 */
function describeMessageRefusal(response: string, command?: string): string {
  const enhanced = ENHANCED.exec(response);
  const [subject, detail] = enhanced ? [Number(enhanced[1]), Number(enhanced[2])] : [null, null];
  const what =
    command === 'MAIL FROM' || (subject === 1 && (detail === 7 || detail === 8))
      ? 'the sender was refused'
      : subject === 7
        ? 'refused for policy'
        : (subject === 3 && detail === 4) || (subject === 2 && detail === 3)
          ? 'the message is too large'
          : subject === 6
            ? 'refused for its content'
            : subject === 2
              ? 'the mailbox refused the message'
              : 'the message was refused';
  return `${what}, not the address`;
}

function truncate(s: string, max = 1000): string {
  const oneLine = s.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

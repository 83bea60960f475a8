/**
 * Sorts a failed SMTP attempt:
 * - `permanent`: a 5xx reply: the server refused this letter and will refuse it again;
 * - `temporary`: a 4xx reply: this letter may pass later (greylisting, a full mailbox, a busy server);
 * - `unreachable`: no SMTP answer at all (refused or dropped connection, timeout): the server is
 *   down, and the letter is not to blame. Appeals sends through one relay (SMTP_URL), so this
 *   holds the whole queue back instead of spending the letter's attempts.
 */
export type SmtpFailureKind = 'permanent' | 'temporary' | 'unreachable';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  permanent: boolean;
  /** what is kept in lastError: the server's own answer when there is one */
  reason: string;
}

interface MailError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  rejectedErrors?: MailError[];
}

export function classifySmtpError(error: unknown): SmtpFailure {
  const e = (error ?? {}) as MailError;
  const inner = e.rejectedErrors?.[0];
  const responseCode = e.responseCode ?? inner?.responseCode;
  const response = e.response ?? inner?.response;
  const reason = truncate(response ? `${response}` : `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`);
  if (typeof responseCode === 'number') {
    const permanent = responseCode >= 500 && responseCode < 600;
    return { kind: permanent ? 'permanent' : 'temporary', permanent, reason };
  }
  return { kind: 'unreachable', permanent: false, reason };
}

function truncate(s: string, max = 1000): string {
  const oneLine = s.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

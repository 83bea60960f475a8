/**
 * Sorts a failed SMTP attempt: a 5xx reply is permanent (the server refused this letter and will
 * refuse it again); a 4xx reply, a dropped or refused connection and a timeout are temporary.
 */
export interface SmtpFailure {
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
  if (typeof responseCode === 'number') return { permanent: responseCode >= 500 && responseCode < 600, reason };
  return { permanent: false, reason };
}

function truncate(s: string, max = 1000): string {
  const oneLine = s.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

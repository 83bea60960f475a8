/** No SMTP server answered: the email is owed again as it was, and its queue should pause. */
export class SmtpUnreachable extends Error {}

/**
 * What to do about an outage that is ours to fix: a relay certificate that does not verify (a
 * self-signed or private-CA one) looks like an outage forever. Appended to the outage's log line.
 */
export function outageHint(reason: string): string {
  return /certificate|self[- ]signed|CERT_|unable to verify/i.test(reason)
    ? ": the relay's TLS certificate does not verify; if it is self-signed or from your own CA, give that CA in SMTP_CA_FILE (docs/configuration.md)"
    : '';
}

const FIRST_OUTAGE_PAUSE_MS = 500;

/**
 * How long a queue holds back while no SMTP server answers: 500 ms at first, doubling once per
 * pause (the jobs in flight together fail together, and share one pause) up to
 * SMTP_OUTAGE_MAX_PAUSE_MS; a success starts over. One per queue consumer (letters, supporter
 * emails), each pausing its own queue with BullMQ's rate limit.
 */
export class SmtpOutagePause {
  private pauseMs = 0;
  private pausedUntil = 0;

  constructor(private readonly maxPauseMs: number) {}

  /** An email went through (or was refused by a server that answered): the next outage starts short. */
  reset(): void {
    this.pauseMs = 0;
  }

  /**
   * An email found no server: how long its queue should hold back from now, and whether this
   * began a new pause (worth a log line) rather than joining the one under way.
   */
  hold(now = Date.now()): { ms: number; began: boolean } {
    let began = false;
    if (now >= this.pausedUntil) {
      this.pauseMs = Math.min(this.pauseMs ? this.pauseMs * 2 : FIRST_OUTAGE_PAUSE_MS, this.maxPauseMs);
      this.pausedUntil = now + this.pauseMs;
      began = true;
    }
    return { ms: Math.max(this.pausedUntil - now, 1), began };
  }
}

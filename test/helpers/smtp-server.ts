import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { waitFor } from './wait.js';

export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  /** lower-case header name → raw value as received */
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
  parsed: ParsedMail;
  /** whether it came over TLS (STARTTLS) */
  secure: boolean;
}

export interface Faults {
  /** answer "421 try again later" to this many messages */
  tempfailFirst?: number;
  /** answer "550 no such user" to recipients matching */
  permfailRcpt?: RegExp;
  /** answer "554 5.7.1 … Access denied" (a policy refusal, not a bad address, as Postfix words it) to recipients matching */
  policyfailRcpt?: RegExp;
  /** close the connection without answering, this many times (at DATA) */
  dropFirst?: number;
  /** wait this long before accepting each message */
  delayMs?: number;
  /**
   * hold each message, unanswered, until this promise settles: its sender is caught mid-conversation
   * for as long as the test needs (`holding` counts the messages held now)
   */
  hold?: Promise<unknown>;
}

/**
 * A real SMTP server in the test process (smtp-server + mailparser) that records what it
 * receives, and refuses, delays or drops on purpose.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  faults: Faults = {};
  /** messages held now by `faults.hold` */
  holding = 0;
  private server!: SMTPServer;
  port = 0;

  /** `tls`: offer STARTTLS with this key and certificate (PEM); without it the server speaks plain SMTP only */
  constructor(
    faults: Faults = {},
    private readonly options: { tls?: { key: string; cert: string } } = {},
  ) {
    this.faults = faults;
  }

  /** A new smtp-server each start: a closed one answers "421 shutting down" forever after. */
  private create(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: this.options.tls ? ['AUTH'] : ['STARTTLS', 'AUTH'],
      ...(this.options.tls ?? {}),
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo: (address, _session, callback) => {
        if (this.faults.permfailRcpt?.test(address.address)) {
          const err = Object.assign(new Error('5.1.1 no such user here'), { responseCode: 550 });
          return callback(err);
        }
        if (this.faults.policyfailRcpt?.test(address.address)) {
          return callback(Object.assign(new Error(`5.7.1 <${address.address}>: Recipient address rejected: Access denied`), { responseCode: 554 }));
        }
        callback();
      },
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
  }

  /** Listens on `port` (default: a spare one); a stopped server can start again on its old port. */
  async start(port = this.port): Promise<this> {
    this.server = this.create();
    // a client killed mid-conversation resets its connection: that is the test's business, not a crash
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Messages matching `pred`, once there are at least `count` of them. */
  waitFor(pred: (m: ReceivedMail) => boolean, count = 1, timeout = 20_000): Promise<ReceivedMail[]> {
    return waitFor(
      () => {
        const got = this.received.filter(pred);
        return got.length >= count ? got : null;
      },
      `${count} message(s) at the test SMTP server (have ${this.received.filter(pred).length})`,
      { timeout },
    );
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.rcptTo.includes(address));
  }

  private onData(stream: NodeJS.ReadableStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', async () => {
      const f = this.faults;
      if (f.dropFirst && f.dropFirst > 0) {
        f.dropFirst--;
        // the connection closes before the server answers: the client must not count the message as sent
        const connections = (this.server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
        [...connections].find((c) => c.id === session.id)?._socket.destroy();
        return;
      }
      if (f.tempfailFirst && f.tempfailFirst > 0) {
        f.tempfailFirst--;
        return callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 421 }));
      }
      if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
      if (f.hold) {
        this.holding++;
        await f.hold.catch(() => undefined);
        this.holding--;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const parsed = await simpleParser(raw);
      const headers: Record<string, string> = {};
      for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
      this.received.push({
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
        headers,
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : '',
        raw,
        parsed,
        secure: session.secure,
      });
      callback();
    });
  }
}

/** The confirmation link's token in a supporter's email. */
export function confirmTokenIn(mail: ReceivedMail): string {
  const m = mail.text.match(/\/confirm\/([A-Za-z0-9_-]+)/);
  if (!m) throw new Error(`no confirmation link in: ${mail.text}`);
  return m[1];
}

export function withdrawTokenIn(mail: ReceivedMail): string {
  const m = mail.text.match(/\/withdraw\/([A-Za-z0-9_-]+)/);
  if (!m) throw new Error(`no withdraw link in: ${mail.text}`);
  return m[1];
}

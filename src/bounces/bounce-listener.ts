import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { runsWorkers, type AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { ReplyInbox } from '../replies/reply-inbox.js';
import { isReplyAddress, replyAddressPattern } from '../replies/reply-token.js';
import { BounceRecorder } from './bounce-recorder.service.js';
import { asciiReply, bounceAddressPattern, isBounceAddress, readBounce } from './dsn.js';

/** a DSN is small: the report, and at most the returned letter */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/** The letters named by the reply+TOKEN recipients of one SMTP transaction (checked at RCPT). */
type ReplySession = SMTPServerSession & { replyTo?: Map<string, string> };

/** every reply in printable ASCII: relays copy it raw into their own reports */
const smtpError = (code: number, text: string) => Object.assign(new Error(asciiReply(text)), { responseCode: code });

/**
 * The inbound SMTP listener for delivery status notifications and officials' replies
 * (BOUNCE_SMTP_PORT; off when unset), in worker processes: point the MX of the bounce domain
 * (MAIL_DOMAIN) here, or have the relay forward mail for bounces+*@ and reply+*@MAIL_DOMAIN to it.
 * It takes mail only for bounces@ and bounces+…@ MAIL_DOMAIN, and for reply+TOKEN@MAIL_DOMAIN
 * whose token is ours and names a letter (any other recipient, a forged token too: 550).
 *
 * A reply goes to the replies inbox (src/replies/reply-inbox.ts), up to REPLY_MAX_BYTES (larger:
 * 552, at RCPT when the sender declared its size). Every other accepted message is read as a DSN
 * (RFC 3464), at most 2 MiB; one that is not (an auto-reply, a malformed report, a report about
 * no letter of ours) is accepted, logged and ignored, so the sending system does not retry it.
 * Only when PostgreSQL cannot record a bounce or a reply is the answer a temporary 451, so the
 * message comes again later. When another process on this host listens on the port already, this
 * one leaves it to that one.
 */
@Injectable()
export class BounceListener implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(BounceListener.name);
  private server: SMTPServer | null = null;
  /** the port listened on (BOUNCE_SMTP_PORT=0 takes any free one); null when not listening */
  port: number | null = null;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly recorder: BounceRecorder,
    private readonly replies: ReplyInbox,
  ) {}

  async onModuleInit() {
    if (this.config.bounceSmtpPort === null || !runsWorkers(this.config)) return;
    const domain = this.config.mail.domain;
    const server = new SMTPServer({
      banner: 'Appeals inbound mail: delivery status notifications and replies to letters only',
      authOptional: true,
      // no certificate of our own to offer; reports are about letters the relay already saw
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: Math.max(MAX_MESSAGE_BYTES, this.config.replies.maxBytes),
      maxClients: 50,
      logger: false,
      // a connection may carry several messages: the letters named at RCPT are those of this one
      onMailFrom: (_address, session, callback) => {
        delete (session as ReplySession).replyTo;
        callback();
      },
      onRcptTo: (address, session, callback) => {
        if (isBounceAddress(address.address, domain)) return callback();
        if (isReplyAddress(address.address, domain)) return this.acceptReplyRecipient(address.address, session as ReplySession, callback);
        callback(smtpError(550, `5.1.1 <${address.address}>: this server takes only delivery status notifications for bounces+ID@${domain}`));
      },
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    server.on('error', (e) => this.log.warn(`bounce listener: ${e.message}`));
    try {
      await new Promise<void>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(this.config.bounceSmtpPort!, this.config.host, () => {
          server.server.removeListener('error', reject);
          resolve();
        });
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      this.log.log(`port ${this.config.bounceSmtpPort} is taken: bounces go to the process already listening there`);
      return;
    }
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    this.log.log(`bounce listener on ${this.config.host}:${this.port} for ${bounceAddressPattern(domain)} and ${replyAddressPattern(domain)}`);
  }

  /**
   * reply+TOKEN@MAIL_DOMAIN: taken when the token is ours and names a letter (550 otherwise), and
   * the size the sender declared (MAIL FROM … SIZE=) is within REPLY_MAX_BYTES (552 otherwise).
   * 451 when PostgreSQL cannot say: the sender tries again later.
   */
  private acceptReplyRecipient(address: string, session: ReplySession, callback: (err?: Error | null) => void) {
    const args = session.envelope.mailFrom ? (session.envelope.mailFrom.args as Record<string, string | undefined> | false) : false;
    if (args && Number(args.SIZE) > this.config.replies.maxBytes) {
      return callback(smtpError(552, `5.3.4 a reply is at most ${this.config.replies.maxBytes} bytes`));
    }
    this.replies.recipient(address).then(
      (r) => {
        if (!r.ok) {
          this.log.warn(`refused a reply to ${replyAddressPattern(this.config.mail.domain)}: ${r.problem}`);
          return callback(smtpError(550, `5.1.1 <${address}>: no such reply address`));
        }
        (session.replyTo ??= new Map()).set(address, r.deliveryId);
        callback();
      },
      (e: Error) => {
        this.log.warn(`reply recipient not checked, the sender will try again: ${e.message}`);
        callback(smtpError(451, '4.3.0 the address could not be checked just now: try again later'));
      },
    );
  }

  private receive(stream: SMTPServerDataStream, session: ReplySession, callback: (err?: Error | null) => void) {
    const replyTo = [...(session.replyTo?.values() ?? [])];
    const limit = replyTo.length ? this.config.replies.maxBytes : MAX_MESSAGE_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      // what is over the limit is refused at the end: it is not kept meanwhile
      if (size <= limit) chunks.push(c);
    });
    stream.on('end', () => {
      if (stream.sizeExceeded || size > limit) {
        return callback(
          smtpError(
            552,
            replyTo.length ? `5.3.4 a reply is at most ${limit} bytes` : `5.3.4 a delivery status notification is at most ${MAX_MESSAGE_BYTES} bytes`,
          ),
        );
      }
      const raw = Buffer.concat(chunks);
      const recipients = session.envelope.rcptTo.map((r) => r.address).filter((a) => !session.replyTo?.has(a));
      const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
      Promise.all([replyTo.length ? this.handleReply(replyTo, raw, mailFrom) : null, recipients.length ? this.handle(raw, recipients) : null]).then(
        () => callback(),
        (e: Error) => {
          this.log.warn(`${replyTo.length ? 'reply' : 'bounce'} not recorded, the sender will try again: ${e.message}`);
          callback(smtpError(451, '4.3.0 the report could not be recorded just now: try again later'));
        },
      );
    });
  }

  /** Records one reply to the letters its recipients name. Rejects only when PostgreSQL failed. */
  private async handleReply(deliveryIds: string[], raw: Buffer, mailFrom: string | null): Promise<void> {
    for (const o of await this.replies.receive(deliveryIds, raw, mailFrom)) {
      if (!o.recorded) this.log.warn(`ignored a reply to letter ${o.deliveryId}: no such letter any more`);
      else
        this.log.log(
          `${o.kind} reply ${o.recorded.id} to letter ${o.deliveryId}${o.recorded.created ? '' : ' (had it already)'}${o.forwarded ? ', forwarded' : ''}`,
        );
    }
  }

  /** Reads one message and records what it reports. Rejects only when PostgreSQL failed. */
  private async handle(raw: Buffer, recipients: string[]): Promise<void> {
    let reading;
    try {
      const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
      reading = readBounce(mail, recipients, this.config.mail.domain);
    } catch (e) {
      reading = { ok: false as const, problem: `unreadable message: ${(e as Error).message}` };
    }
    if (!reading.ok) {
      this.log.warn(`ignored a message to ${recipients.join(', ')} (${raw.length} bytes): ${reading.problem}`);
      return;
    }
    const outcomes = await this.recorder.record(reading.bounce);
    for (const o of outcomes) {
      if (o.effect === 'unknown') this.log.warn(`ignored a ${reading.bounce.kind} bounce for ${o.deliveryId}: no such letter`);
      else this.log.log(`${reading.bounce.kind} bounce for letter ${o.deliveryId} (${o.effect}): ${reading.bounce.recipient.status}`);
    }
  }

  async onApplicationShutdown() {
    const server = this.server;
    if (!server) return;
    this.server = null;
    // smtp-server would wait for open connections to hang up by themselves
    const connections = (server as unknown as { connections?: Set<{ close(): void }> }).connections ?? new Set();
    for (const c of connections) c.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

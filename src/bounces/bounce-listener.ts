import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { runsWorkers, type AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { BounceRecorder } from './bounce-recorder.service.js';
import { asciiReply, bounceAddressPattern, isBounceAddress, readBounce } from './dsn.js';

/** a DSN is small: the report, and at most the returned letter */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/** every reply in printable ASCII: relays copy it raw into their own reports */
const smtpError = (code: number, text: string) => Object.assign(new Error(asciiReply(text)), { responseCode: code });

/**
 * The inbound SMTP listener for delivery status notifications (BOUNCE_SMTP_PORT; off when unset),
 * in worker processes: point the MX of the bounce domain (MAIL_DOMAIN) here, or have the relay
 * forward mail for bounces+*@MAIL_DOMAIN to it. It takes mail only for bounces@ and bounces+…@
 * MAIL_DOMAIN (any other recipient: 550). Every accepted message is read as a DSN (RFC 3464);
 * one that is not (an auto-reply, a malformed report, a report about no letter of ours) is
 * accepted, logged and ignored, so the sending system does not retry it. Only when PostgreSQL
 * cannot record a bounce is the answer a temporary 451, so the report comes again later.
 * When another process on this host listens on the port already, this one leaves it to that one.
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
  ) {}

  async onModuleInit() {
    if (this.config.bounceSmtpPort === null || !runsWorkers(this.config)) return;
    const domain = this.config.mail.domain;
    const server = new SMTPServer({
      banner: 'Appeals bounce processor: delivery status notifications only',
      authOptional: true,
      // no certificate of our own to offer; reports are about letters the relay already saw
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: MAX_MESSAGE_BYTES,
      maxClients: 50,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (isBounceAddress(address.address, domain)) return callback();
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
    this.log.log(`bounce listener on ${this.config.host}:${this.port} for ${bounceAddressPattern(domain)}`);
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      if (stream.sizeExceeded) return callback(smtpError(552, `5.3.4 a delivery status notification is at most ${MAX_MESSAGE_BYTES} bytes`));
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      this.handle(Buffer.concat(chunks), recipients).then(
        () => callback(),
        (e: Error) => {
          this.log.warn(`bounce not recorded, the sender will try again: ${e.message}`);
          callback(smtpError(451, '4.3.0 the report could not be recorded just now: try again later'));
        },
      );
    });
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

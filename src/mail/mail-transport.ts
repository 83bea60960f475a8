import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import { rootCertificates } from 'node:tls';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import type { OutgoingMessage } from './outgoing-message.js';
import { toMime } from './mime-message.js';

export interface SentInfo {
  messageId: string;
  /** the SMTP server's final reply, e.g. "250 2.0.0 Ok: queued as 1234" */
  response: string;
}

/**
 * The one way Appeals sends mail: a pooled nodemailer SMTP transport to SMTP_URL, or, when it is
 * unset (development), to the embedded catcher on MAIL_CATCHER_PORT. Messages are composed by
 * toMime and handed over whole, so nothing in them can make nodemailer read a file or fetch a URL.
 *
 * The relay's certificate (smtps://, or STARTTLS when it offers it) is always verified: against
 * the public CAs, and those of SMTP_CA_FILE for a relay with a self-signed or private-CA
 * certificate. A certificate that does not verify fails the handshake, which counts as "no server
 * reachable": letters and supporter emails wait, spending no attempt, until it is fixed.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly log = new Logger(MailTransport.name);
  private readonly transporter: Transporter;
  readonly target: string;

  constructor(@InjectConfig() config: AppConfig) {
    const url = config.smtpUrl ?? `smtp://127.0.0.1:${config.mailCatcherPort}`;
    this.target = config.smtpUrl ? new URL(url).host : `embedded catcher (127.0.0.1:${config.mailCatcherPort})`;
    this.transporter = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: config.smtpPoolSize,
      maxMessages: 1000,
      // STARTTLS when the server offers it; the embedded catcher and local sinks speak plain SMTP
      ignoreTLS: !config.smtpUrl,
      // Node's `ca` replaces the public CAs: give them back beside the relay's own
      ...(config.smtpCa ? { tls: { ca: [...rootCertificates, config.smtpCa.pem] } } : {}),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      disableFileAccess: true,
      disableUrlAccess: true,
    } as TransportOptions);
  }

  /** Sends the message as composed by toMime, to the recipients of its envelope. */
  async send(message: OutgoingMessage): Promise<SentInfo> {
    // the Message-ID is in the raw text already; given here too, nodemailer need not make one up
    const info = await this.transporter.sendMail({ envelope: message.envelope, raw: toMime(message), messageId: message.messageId });
    return { messageId: message.messageId, response: info.response ?? '' };
  }

  /** Opens a connection and says EHLO: for /health. */
  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  onApplicationShutdown() {
    this.transporter.close();
    this.log.debug('SMTP pool closed');
  }
}

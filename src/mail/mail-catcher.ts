import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { runsWorkers, type AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { decodeHeader } from './decode-header.js';

const KEEP = 2000;
const MAX_MESSAGE = 2 * 1024 * 1024;

/**
 * Development only (SMTP_URL unset): a real SMTP server inside the app that accepts every message
 * and keeps the latest 2,000 in the caught_mail table, shown at /admin/mail. It runs in the
 * process that sends (ROLE=worker or all); when another process already listens on the port,
 * this one uses that. Recipients matching CATCHER_REFUSE are refused at RCPT as an unknown user
 * (550 5.1.1), so a failing address can be tried without a second server.
 */
@Injectable()
export class MailCatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(MailCatcher.name);
  private server: SMTPServer | null = null;
  private received = 0;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async onModuleInit() {
    if (this.config.smtpUrl || !runsWorkers(this.config)) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      banner: 'Appeals development mail catcher',
      size: MAX_MESSAGE,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refuse = this.config.catcherRefuse;
        if (!refuse?.test(address.address)) return callback();
        // what a real server answers for a mailbox it does not have (ASCII only, as SMTP wants)
        const refusal = new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown (CATCHER_REFUSE)`);
        callback(Object.assign(refusal, { responseCode: 550 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.store(raw, session.envelope).then(() => callback(), callback);
        });
      },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.config.mailCatcherPort, '127.0.0.1', () => resolve());
      });
      // a sender that goes away mid-conversation (a killed worker) resets its connection: log, never crash
      server.on('error', (e) => this.log.debug(`mail catcher connection: ${e.message}`));
      this.server = server;
      this.log.log(`development mail catcher on 127.0.0.1:${this.config.mailCatcherPort}`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      this.log.log(`port ${this.config.mailCatcherPort} is taken: mail goes to the catcher already listening there`);
    }
  }

  private async store(raw: string, envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] }) {
    const head = raw.slice(0, raw.search(/\r?\n\r?\n/) >>> 0);
    const subject = decodeHeader(/^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1] ?? '');
    await this.db.query(`INSERT INTO caught_mail (envelope_from, envelope_to, subject, raw) VALUES ($1, $2, $3, $4)`, [
      envelope.mailFrom ? envelope.mailFrom.address : '',
      envelope.rcptTo.map((r) => r.address),
      subject,
      raw,
    ]);
    if (++this.received % 200 === 0) {
      await this.db.query(`DELETE FROM caught_mail WHERE id IN (SELECT id FROM caught_mail ORDER BY received_at DESC OFFSET $1)`, [KEEP]);
    }
  }

  async onApplicationShutdown() {
    const server = this.server;
    if (!server) return;
    // smtp-server would wait up to 30 s for the senders' pooled connections to hang up
    const connections = (server as unknown as { connections?: Set<{ close(): void }> }).connections ?? new Set();
    for (const c of connections) c.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.js';
import { NotificationOutbox } from '../notifications/notification-outbox.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { classifyReply } from './reply-classifier.js';
import { ReplyKeys } from './reply-keys.js';
import { ReplyLedger, type RecordedReply } from './reply-ledger.js';
import { readReply } from './reply-reading.js';
import { tokenOfReplyAddress } from './reply-token.js';

/** Whether the listener takes mail for a reply address: the letter it names, or why not (550). */
export type ReplyRecipient = { ok: true; deliveryId: string } | { ok: false; problem: string };

/** What became of one reply, for the listener's log. */
export interface ReplyOutcome {
  deliveryId: string;
  /** null: the letter is gone (deleted with its campaign since the RCPT) */
  recorded: RecordedReply | null;
  kind: 'auto' | 'unclassified';
  /** a forward to the letter's supporter is owed (delivery.forwardReplies) */
  forwarded: boolean;
}

/**
 * Officials' replies as they come in, for the inbound SMTP listener (src/bounces/bounce-listener.ts):
 * which letter a reply+TOKEN@MAIL_DOMAIN address names (a token that is not ours, or names no
 * letter, is refused at RCPT), and the reply itself, read (readReply), classified (classifyReply)
 * and recorded once per letter it answers (ReplyLedger), in one transaction with its webhook event
 * (`reply.received`) and, when the campaign forwards replies, the email that sends it on to the
 * letter's supporter (NotificationOutbox.oweReplyForward).
 */
@Injectable()
export class ReplyInbox {
  private readonly log = new Logger(ReplyInbox.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly keys: ReplyKeys,
    private readonly ledger: ReplyLedger,
    private readonly outbox: NotificationOutbox,
    private readonly notifications: NotificationDispatcher,
    private readonly webhooks: WebhookOutbox,
  ) {}

  /** The letter a reply address names. Rejects only when PostgreSQL (or the key's look-up) failed: the sender should try again. */
  async recipient(address: string): Promise<ReplyRecipient> {
    const token = tokenOfReplyAddress(address, this.config.mail.domain);
    if (!token) return { ok: false, problem: 'no reply token' };
    const deliveryId = await this.keys.deliveryIdOf(token);
    if (!deliveryId) return { ok: false, problem: 'not a reply token of ours' };
    const [row]: { id: string }[] = await this.db.query(`SELECT id FROM deliveries WHERE id = $1`, [deliveryId]);
    return row ? { ok: true, deliveryId } : { ok: false, problem: `no letter ${deliveryId}` };
  }

  /**
   * Reads one message and records it as a reply to each letter named (usually one). `envelopeFrom`:
   * MAIL FROM ('' for the null sender). Rejects only when PostgreSQL failed (the listener answers
   * 451, and the sender tries again: the reply is then stored once all the same).
   */
  async receive(deliveryIds: string[], raw: Buffer, envelopeFrom: string | null): Promise<ReplyOutcome[]> {
    let mail;
    try {
      mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
    } catch (e) {
      this.log.warn(`ignored a reply of ${raw.length} bytes that could not be read: ${(e as Error).message}`);
      return [];
    }
    const content = readReply(mail);
    const classification = classifyReply({ headers: content.headers, subject: content.subject, envelopeFrom });
    const outcomes: ReplyOutcome[] = [];
    for (const deliveryId of new Set(deliveryIds)) {
      const { recorded, forwards } = await this.db.transaction(async (em) => {
        const recorded = await this.ledger.record(em, deliveryId, content, classification);
        if (!recorded?.created) return { recorded, forwards: [] };
        // one commit: the reply, its event and the forward it owes (the outbox row says what is owed, whatever Redis does)
        await this.webhooks.recordReply(em, recorded.id);
        return { recorded, forwards: await this.outbox.oweReplyForward(em, recorded.id) };
      });
      // a failure to reach Redis loses nothing: the relay and the reconciler find the row
      await this.notifications.enqueue(forwards);
      outcomes.push({ deliveryId, recorded, kind: classification.kind, forwarded: forwards.length > 0 });
    }
    return outcomes;
  }
}

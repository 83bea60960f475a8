import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { lockCampaign } from '../database/campaign-lock.js';
import { NotificationOutbox } from '../notifications/notification-outbox.js';
import { QUEUES } from '../queue/queues.js';
import { SignatureLedger } from '../signatures/signature-ledger.js';
import type { ErasureResult } from './dto/supporter-export.view.js';
import { NO_SUPPORTER } from './supporter-export.service.js';
import { DeliveryLedger } from '../deliveries/delivery-ledger.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { NearDuplicateIndex } from '../moderation/near-duplicate-index.js';
import { ReplyLedger } from '../replies/reply-ledger.js';
import { redactReply, type ErasedPerson, type Redaction } from '../replies/reply-redaction.js';

/**
 * The right to erasure, keeping the counts: in one transaction the person is anonymised in every
 * table, their signatures stay (and still count) with nothing personal left on them, and nothing
 * more is sent in their name or to them.
 *
 * - supporters: email becomes `erased:<id>` (so signing again later makes a new supporter), names
 *   empty, country ZZ ("unknown"), postcode gone;
 * - signatures: a confirmed (or withdrawn) one keeps counting, with its comment, letter body, source and
 *   address hash gone and `erased_at` set, so it is owed no letter (a target launched later, a
 *   digest) and no letter of it is sent any more; an unconfirmed one, counted nowhere, is deleted;
 * - letters: those not yet accepted by a server are cancelled ("supporter erased"); one in an
 *   SMTP conversation at this moment finishes;
 * - emails to them: every unsent one is cancelled (one being sent finishes, but records nothing),
 *   forwarded replies among them, and the SMTP answers kept about the others (which may quote
 *   their address) are cleared;
 * - officials' replies to their letters: kept (they count), without the letter they quote and
 *   without the supporter's name or address (src/replies/reply-redaction.ts); a reply to a digest
 *   that named them loses their name;
 * - the fingerprints of their words kept to find near-duplicates (src/moderation): deleted;
 * - confirmation and withdrawal links: deleted, so they no longer work;
 * - the development mail catcher: messages to or about the address are deleted;
 * - the audit log records the erasure by supporter id only;
 * - webhooks: a `supporter.erased` event (the id only) tells the receiving CRMs to erase them too,
 *   and what earlier events still kept said about them is removed (WebhookOutbox.record);
 * - afterwards, the jobs of their emails are removed from the queue in Redis (a failed one keeps
 *   the SMTP server's answer, which may quote their address, for days).
 *
 * Each write is its table's owner's: SignatureLedger (signatures, links, supporters),
 * DeliveryLedger (letters), NotificationOutbox (emails), ReplyLedger (replies), NearDuplicateIndex
 * (fingerprints); this service
 * orders them in one transaction.
 */
@Injectable()
export class SupporterErasureService {
  private readonly log = new Logger(SupporterErasureService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.notifications) private readonly notificationJobs: Queue,
    private readonly ledger: DeliveryLedger,
    private readonly signatures: SignatureLedger,
    private readonly outbox: NotificationOutbox,
    private readonly webhooks: WebhookOutbox,
    private readonly nearDuplicates: NearDuplicateIndex,
    private readonly replies: ReplyLedger,
  ) {}

  async erase(actor: StaffPrincipal, email: string): Promise<ErasureResult> {
    // a supporter confirming or signing at this very moment can deadlock with the erasure: try again
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, emails } = await this.eraseOnce(actor, email);
        await this.removeJobs(emails);
        return result;
      } catch (e) {
        const code = (e as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (e as { code?: string }).code;
        if (code !== '40P01' || attempt >= 3) throw e;
      }
    }
  }

  private eraseOnce(actor: StaffPrincipal, email: string): Promise<{ result: ErasureResult; emails: string[] }> {
    return this.db.transaction(async (em) => {
      const [supporter]: { id: string; first_name: string; last_name: string }[] = await em.query(
        `SELECT id, first_name, last_name FROM supporters WHERE email = $1 FOR UPDATE`,
        [email],
      );
      if (!supporter) throw new NotFoundException(NO_SUPPORTER);
      const signatures: { id: string; campaign_id: string; status: string }[] = await em.query(
        `SELECT id, campaign_id, status FROM signatures WHERE supporter_id = $1 ORDER BY campaign_id`,
        [supporter.id],
      );
      // ordered against confirmations and target launches of the same campaigns, like they are among themselves
      for (const campaignId of [...new Set(signatures.map((s) => s.campaign_id))]) await lockCampaign(em, campaignId, 'shared');
      // an unconfirmed signature is not counted anywhere: it goes, as it would after PENDING_RETENTION_DAYS
      const emails: { id: string }[] = await em.query(`SELECT id FROM notifications WHERE signature_id = ANY($1::uuid[])`, [signatures.map((s) => s.id)]);
      const pending = signatures.filter((s) => s.status === 'pending').map((s) => s.id);
      const kept = signatures.filter((s) => s.status !== 'pending').map((s) => s.id);
      const unconfirmedDeleted = await this.signatures.deleteUnconfirmed(em, pending);
      const result: ErasureResult = {
        supporterId: supporter.id,
        signatures: kept.length,
        unconfirmedDeleted,
        ...(await this.cancelLetters(em, kept)),
        emailsCancelled: await this.outbox.cancelForErasure(em, kept),
        linksRevoked: await this.signatures.revokeLinks(em, kept),
      };
      await this.redactReplies(em, kept, { firstName: supporter.first_name, lastName: supporter.last_name, email });
      await this.signatures.anonymiseSignatures(em, kept);
      await this.nearDuplicates.forget(em, kept);
      await em.query(`DELETE FROM caught_mail WHERE $1 = ANY(envelope_to) OR strpos(lower(raw), $1) > 0`, [email]);
      await this.signatures.anonymiseSupporter(em, supporter.id);
      await this.webhooks.record(em, 'supporter.erased', supporter.id, { supporterId: supporter.id });
      const { supporterId: _, ...counts } = result;
      await this.audit.record(actor, 'supporter.erase', { type: 'supporter', id: supporter.id }, counts, em);
      return { result, emails: emails.map((n) => n.id) };
    });
  }

  /**
   * The officials' replies to their letters stay (they count), without their letter quoted or their
   * name (reply-redaction.ts); a reply to a digest that named them loses their name. Their
   * forwards are emails like the others: cancelled above.
   */
  private async redactReplies(em: EntityManager, signatureIds: string[], who: ErasedPerson): Promise<number> {
    const replies = await this.replies.lockForErasure(em, signatureIds);
    const redactions = replies.map((r) => redactReply(r, who)).filter((r): r is Redaction => r !== null);
    return this.replies.writeRedactions(em, redactions);
  }

  /** Best effort: a job being processed right now stays (it records nothing: its row is cancelled). */
  private async removeJobs(notificationIds: string[]) {
    const outcomes = await Promise.allSettled(notificationIds.map((id) => this.notificationJobs.remove(id)));
    const failed = outcomes.filter((o) => o.status === 'rejected').length;
    if (failed) this.log.warn(`erasure: ${failed} email job(s) not removed from Redis; they are trimmed within 7 days`);
  }

  private async cancelLetters(em: EntityManager, signatureIds: string[]): Promise<{ lettersCancelled: number; lettersInFlight: number }> {
    const { cancelled, inFlight } = await this.ledger.cancelForErasure(em, signatureIds);
    return { lettersCancelled: cancelled, lettersInFlight: inFlight };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CampaignTranslations } from '../campaigns/campaign.entity.js';
import { preparedQuery } from '../database/prepared-query.js';
import { StatementBatcher } from '../database/statement-batcher.js';
import { recipientNamesJsonSql } from '../campaigns/recipients.sql.js';
import { undispatchedSql } from '../queue/outbox-relay.js';
import type { SignatureStatus } from '../signatures/signature.entity.js';
import type { NotificationKind } from './notification.entity.js';
import { fromStatesSql, NEW_NOTIFICATION_STATUS, NOTIFICATION_TRANSITIONS, type NotificationTransition } from './notification-transitions.js';

/** A row that names one email. */
interface IdRow {
  id: string;
}

/** The emails that name the officials the supporter's letters go to. */
const OFFICIALS_NAMED_IN = `('confirm_signature', 'thank_you')`;

/**
 * A claim, and an accepted email's record, wait this long for the other emails in flight to share
 * their statement (as letters' do, DeliveryLedger): in a signing spike a process sends hundreds of
 * confirmations a second, and a statement each was most of its PostgreSQL round trips.
 */
const LINGER_MS = 15;

/** What a worker needs to write the email it claimed: the email, its signature, campaign and supporter. */
export interface ClaimedNotification {
  kind: NotificationKind;
  /** attempts so far, this one included */
  attempts: number;
  signature_id: string;
  signature_status: SignatureStatus;
  /** the supporter was erased (nothing more is written to them) */
  erased: boolean;
  /** reply_forward: the reply it sends on */
  reply_id: string | null;
  /** the language the supporter signed in (null: not told) */
  locale: string | null;
  campaign_id: string;
  slug: string;
  title: string;
  translations: CampaignTranslations;
  first_name: string;
  email: string;
  /** the supporter's country: who their letter goes to depends on it (audiences) */
  country: string;
  /** confirmations and thank-yous: the officials the supporter's letters go to, in launch order */
  officials: OfficialNames[] | null;
}

/** The officials a confirmation or thank-you names (those its supporter's letters go to); null for other emails. */
export interface OfficialNames {
  name: string;
  title: string;
  organization: string;
}

/**
 * claim: queued or retrying → sending, one attempt counted, with everything the email needs, for
 * the emails $1 (the emails in flight share one statement). Answers the rows claimed, with their id.
 */
const CLAIM_SQL = `
  WITH claimed AS (
    UPDATE notifications SET status = '${NOTIFICATION_TRANSITIONS.claim.to}', attempts = attempts + 1, updated_at = now()
     WHERE id = ANY($1::uuid[]) AND status IN ${fromStatesSql('claim')}
    RETURNING id, kind, signature_id, reply_id, attempts
  )
  SELECT n.id, n.kind, n.attempts, n.signature_id, n.reply_id, s.status AS signature_status, s.erased_at IS NOT NULL AS erased, s.locale,
         c.id AS campaign_id, c.slug, c.title, c.translations, p.first_name, p.email, p.country,
         CASE WHEN n.kind IN ${OFFICIALS_NAMED_IN} THEN ${recipientNamesJsonSql('s.campaign_id', 'p.country')} END AS officials
    FROM claimed n
    JOIN signatures s ON s.id = n.signature_id
    JOIN campaigns c ON c.id = s.campaign_id
    JOIN supporters p ON p.id = s.supporter_id`;

/** sending → sent for the emails $1 the server accepted; answers those moved. */
const MARK_SENT_SQL = `
  UPDATE notifications SET status = '${NOTIFICATION_TRANSITIONS.markSent.to}', last_error = NULL, updated_at = now(), sent_at = now()
   WHERE id = ANY($1::uuid[]) AND status IN ${fromStatesSql('markSent')}
  RETURNING id`;

/** Marks up to $1 new emails as handed to the queue, skipping rows another relay holds (their status stays). */
const TAKE_UNDISPATCHED_SQL = `
  WITH batch AS (
    SELECT id FROM notifications
     WHERE ${undispatchedSql('notifications', NEW_NOTIFICATION_STATUS)}
     ORDER BY created_at
     LIMIT $1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE notifications n SET dispatched_at = now() FROM batch WHERE n.id = batch.id
  RETURNING n.id`;

/**
 * Delivery receipts now due (campaigns that opt in: `delivery.supporterReceipts`): a confirmed
 * signature whose letters are all final (sent, failed or bounced; cancelled ones do not count, and
 * at least one must have reached an outcome) and that has had no receipt; $1 at most.
 */
const OWE_DELIVERY_RECEIPTS_SQL = `
  WITH due AS (
    SELECT s.id
      FROM campaigns c
      JOIN signatures s ON s.campaign_id = c.id AND s.status = 'confirmed' AND s.erased_at IS NULL
     WHERE c.delivery->'supporterReceipts' = 'true'::jsonb AND c.status IN ('live', 'paused', 'closed')
       AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.signature_id = s.id AND n.kind = 'delivery_receipt')
       AND EXISTS (SELECT 1 FROM deliveries d WHERE d.signature_id = s.id AND d.status IN ('sent', 'failed', 'bounced'))
       AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.signature_id = s.id AND d.status IN ('queued', 'sending', 'retrying'))
     LIMIT $1
  )
  INSERT INTO notifications (kind, signature_id)
  SELECT 'delivery_receipt', id FROM due
  ON CONFLICT DO NOTHING
  RETURNING id`;

/**
 * A forward owed for a reply just stored or just marked a person's (src/replies): the campaign
 * forwards replies (delivery.forwardReplies; $2 true: a campaigner asked for this one), the reply
 * is not automatic and answers an individual letter (a digest's has no signature), whose
 * signature is confirmed and not erased. One per reply, ever (uq_notifications_reply_forward).
 */
const OWE_REPLY_FORWARD_SQL = `
  INSERT INTO notifications (kind, signature_id, reply_id)
  SELECT 'reply_forward', r.signature_id, r.id
    FROM replies r
    JOIN campaigns c ON c.id = r.campaign_id
    JOIN signatures s ON s.id = r.signature_id
   WHERE r.id = $1 AND r.kind <> 'auto' AND ($2::boolean OR c.delivery->'forwardReplies' = 'true'::jsonb)
     AND s.status = 'confirmed' AND s.erased_at IS NULL
  ON CONFLICT DO NOTHING
  RETURNING id`;

/**
 * The notification outbox: the only writer of `notifications`, the emails owed to supporters
 * (the confirmation request, the thank-you, the delivery receipt, a forwarded reply). Every statement that owes an
 * email, hands it to the queue, claims it, records its outcome, defers or cancels it is a method
 * here, and each moves emails only along NOTIFICATION_TRANSITIONS (notification-transitions.ts):
 * its WHERE clause is built from that table, so an email in any other status is left alone and the
 * method says so (false, or a count of 0). The one statement outside this class is the signing
 * statement's `note` CTE, which is the outbox's text (OWE_CONFIRMATION_EMAILS in
 * notification-outbox.sql.ts) composed into that one round trip.
 *
 * Methods that take an EntityManager run in the caller's transaction (confirming, withdrawing,
 * erasing), and the caller hands the ids they answer to NotificationDispatcher after the commit;
 * the others run alone. Nothing here touches the queue.
 */
@Injectable()
export class NotificationOutbox {
  private readonly claims = new StatementBatcher<string, ClaimedNotification | null>((ids) => this.claimBatch(ids), { lingerMs: LINGER_MS });
  private readonly sentMarks = new StatementBatcher<string, boolean>((ids) => this.markSentBatch(ids), { lingerMs: LINGER_MS });

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ── owing emails ────────────────────────────────────────────────────────────────────────────

  /** In the confirming transaction: the thank-you email (none when one is still open). Answers its id, if owed. */
  async oweThankYou(em: EntityManager, signatureId: string): Promise<string[]> {
    const rows = await em.query<IdRow[]>(`INSERT INTO notifications (kind, signature_id) VALUES ('thank_you', $1) ON CONFLICT DO NOTHING RETURNING id`, [
      signatureId,
    ]);
    return rows.map((r) => r.id);
  }

  /**
   * In the transaction that stores a reply (or marks an automatic one a person's): the forward of
   * that reply to its supporter, when one is owed (OWE_REPLY_FORWARD_SQL) and none was ever made.
   * `asked`: a campaigner forwards this one, whatever the campaign's forwardReplies. Answers its
   * id, if owed.
   */
  async oweReplyForward(em: EntityManager, replyId: string, asked = false): Promise<string[]> {
    const rows = await em.query<IdRow[]>(OWE_REPLY_FORWARD_SQL, [replyId, asked]);
    return rows.map((r) => r.id);
  }

  /** The delivery receipts now due, `limit` at most (one per signature, ever: a unique index). Answers their ids. */
  async oweDeliveryReceipts(limit: number): Promise<string[]> {
    const rows = await this.db.query<IdRow[]>(OWE_DELIVERY_RECEIPTS_SQL, [limit]);
    return rows.map((r) => r.id);
  }

  // ── to the queue and through one SMTP attempt ───────────────────────────────────────────────

  /** The relay's step: up to `limit` new emails marked as handed to the queue. Answers their ids, to enqueue. */
  async takeUndispatched(limit: number): Promise<string[]> {
    const rows = await preparedQuery<IdRow>(this.db, 'notification-relay', TAKE_UNDISPATCHED_SQL, [limit]);
    return rows.map((r) => r.id);
  }

  /** The claim (queued/retrying → sending) and what the email needs; null: not claimable (sent, cancelled, held by another worker). */
  claim(notificationId: string): Promise<ClaimedNotification | null> {
    return this.claims.submit(notificationId);
  }

  /** The server accepted it. False: it was no longer `sending` (erased meanwhile): nothing recorded. */
  markSent(notificationId: string): Promise<boolean> {
    return this.sentMarks.submit(notificationId);
  }

  /** A temporary refusal: the queue tries again after its backoff. */
  markRetrying(notificationId: string, reason: string): Promise<boolean> {
    return this.finish(notificationId, 'markRetrying', reason);
  }

  /** A permanent refusal, or the last attempt. */
  markFailed(notificationId: string, reason: string): Promise<boolean> {
    return this.finish(notificationId, 'markFailed', reason);
  }

  /** Claimed, but its signature is no longer in the state the email is for: not sent. */
  cancelClaimed(notificationId: string, reason: string): Promise<boolean> {
    return this.finish(notificationId, 'cancelClaimed', reason);
  }

  /**
   * No server answered (an outage of the relay): owed again as it was, the attempt given back (an
   * outage must not use up a supporter's confirmation email), the reason kept for the dashboard.
   */
  async deferForOutage(notificationId: string, reason: string): Promise<boolean> {
    const moved = await countOf(
      this.db.manager,
      `UPDATE notifications SET status = '${NOTIFICATION_TRANSITIONS.deferForOutage.to}', attempts = attempts - 1, last_error = $2, updated_at = now()
        WHERE id = $1 AND status IN ${fromStatesSql('deferForOutage')}`,
      [notificationId, reason],
    );
    return moved > 0;
  }

  /** Emails left in `sending` past the lease (their worker died): tried again. Answers their ids, to enqueue again. */
  async recoverStuck(leaseSeconds: number): Promise<string[]> {
    const rows = await this.db.query<IdRow[]>(
      `WITH r AS (
         UPDATE notifications SET status = '${NOTIFICATION_TRANSITIONS.recoverStuck.to}', updated_at = now(),
                last_error = 'the worker sending it stopped before recording the result; trying again'
          WHERE status IN ${fromStatesSql('recoverStuck')} AND updated_at < now() - make_interval(secs => $1)
         RETURNING id
       ) SELECT id FROM r`,
      [leaseSeconds],
    );
    return rows.map((r) => r.id);
  }

  // ── cancelling: an email no longer owed ─────────────────────────────────────────────────────

  /** In the withdrawing transaction: the signature's emails not yet being sent are cancelled. Answers how many. */
  cancelUnsentForSignature(em: EntityManager, signatureId: string, reason: string): Promise<number> {
    return countOf(
      em,
      `UPDATE notifications SET status = '${NOTIFICATION_TRANSITIONS.cancelUnsent.to}', last_error = $2, updated_at = now()
        WHERE signature_id = $1 AND status IN ${fromStatesSql('cancelUnsent')}`,
      [signatureId, reason],
    );
  }

  /**
   * In the erasing transaction: every unsent email of these signatures is cancelled (one being
   * sent finishes, but records nothing), and the SMTP answers kept about the others (which may
   * quote the address) are cleared. Answers how many were cancelled.
   */
  async cancelForErasure(em: EntityManager, signatureIds: string[]): Promise<number> {
    const cancelled = await countOf(
      em,
      `UPDATE notifications SET status = '${NOTIFICATION_TRANSITIONS.cancelForErasure.to}', last_error = 'supporter erased', updated_at = now()
        WHERE signature_id = ANY($1::uuid[]) AND status IN ${fromStatesSql('cancelForErasure')}`,
      [signatureIds],
    );
    await em.query(
      `UPDATE notifications SET last_error = NULL WHERE signature_id = ANY($1::uuid[]) AND last_error IS DISTINCT FROM 'supporter erased' AND last_error IS NOT NULL`,
      [signatureIds],
    );
    return cancelled;
  }

  /** The outcome of a claimed email that did not go (sending → retrying, failed or cancelled). */
  private async finish(
    notificationId: string,
    transition: Extract<NotificationTransition, 'markRetrying' | 'markFailed' | 'cancelClaimed'>,
    reason: string,
  ): Promise<boolean> {
    const moved = await countOf(
      this.db.manager,
      `UPDATE notifications SET status = '${NOTIFICATION_TRANSITIONS[transition].to}', last_error = $2, updated_at = now()
        WHERE id = $1 AND status IN ${fromStatesSql(transition)}`,
      [notificationId, reason],
    );
    return moved > 0;
  }

  private async claimBatch(ids: string[]): Promise<(ClaimedNotification | null)[]> {
    const rows = await preparedQuery<ClaimedNotification & IdRow>(this.db, 'notification-claim', CLAIM_SQL, [ids]);
    const byId = new Map(rows.map(({ id, ...row }) => [id, row]));
    // a row is claimed once: were the same email asked for twice in one batch, only the first asker holds it
    return ids.map((id) => {
      const row = byId.get(id) ?? null;
      byId.delete(id);
      return row;
    });
  }

  private async markSentBatch(ids: string[]): Promise<boolean[]> {
    const moved = new Set((await preparedQuery<IdRow>(this.db, 'notification-sent', MARK_SENT_SQL, [ids])).map((r) => r.id));
    return ids.map((id) => moved.has(id));
  }
}

/** A count of rows, as `countOf` answers it. */
interface CountRow {
  n: number;
}

/** Runs an UPDATE and answers how many rows it changed. */
async function countOf(em: EntityManager, update: string, params: unknown[]): Promise<number> {
  const [{ n }] = await em.query<CountRow[]>(`WITH x AS (${update} RETURNING 1) SELECT count(*)::int AS n FROM x`, params);
  return n;
}

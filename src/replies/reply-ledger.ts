import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReplyClassification } from './reply-classifier.js';
import type { ReplyKind, Stance } from './reply.entity.js';
import type { ReplyContent } from './reply-reading.js';
import type { ErasableReply, Redaction } from './reply-redaction.js';

/** A reply as recorded: new, or the one already stored for the same mail (delivered twice). */
export interface RecordedReply {
  id: string;
  created: boolean;
}

/** What a campaigner's mark sets (each left out is left as it is). */
export interface ReplyMarks {
  kind?: ReplyKind;
  stance?: Stance | null;
  published?: boolean;
}

/** A reply's marks, as they are. */
export interface ReplyMarkRow {
  id: string;
  campaign_id: string;
  target_id: string;
  kind: ReplyKind;
  stance: Stance | null;
  published: boolean;
}

/**
 * The replies ledger: the only writer of `replies`. It records an answer to a letter, threaded
 * by the letter itself (campaign, target and signature come from its delivery row, whoever in the
 * office answered), once per mail (uq_replies_delivery_dedup); it writes a campaigner's marks; and,
 * when a supporter is erased, what is left of the replies to their letters (reply-redaction.ts).
 * The rules of the marks (a stance only on a substantive reply, only a person's answer published)
 * are the service's to check and the table's to enforce (ck_replies_stance, ck_replies_published).
 */
@Injectable()
export class ReplyLedger {
  /**
   * In the caller's transaction (ReplyInbox: the reply, its webhook event and its forward are one
   * commit). Null when the letter does not exist (any more).
   */
  async record(em: EntityManager, deliveryId: string, content: ReplyContent, classification: ReplyClassification): Promise<RecordedReply | null> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO replies (campaign_id, target_id, delivery_id, signature_id, from_address, from_name, subject, sent_at, text,
                            attachments, message_id, dedup_key, headers, kind, auto_reason)
       SELECT d.campaign_id, d.target_id, d.id, d.signature_id, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10::jsonb, $11, $12
         FROM deliveries d WHERE d.id = $1
       ON CONFLICT (delivery_id, dedup_key) DO NOTHING
       RETURNING id`,
      [
        deliveryId,
        content.fromAddress,
        content.fromName,
        content.subject,
        content.sentAt,
        content.text,
        JSON.stringify(content.attachments),
        content.messageId,
        content.dedupKey,
        JSON.stringify(content.headers),
        classification.kind,
        classification.reason,
      ],
    );
    if (rows.length) return { id: rows[0].id, created: true };
    const [existing]: { id: string }[] = await em.query(`SELECT id FROM replies WHERE delivery_id = $1 AND dedup_key = $2`, [deliveryId, content.dedupKey]);
    return existing ? { id: existing.id, created: false } : null;
  }

  /** The reply's marks, locked for a change in `em`'s transaction; null when there is no such reply. */
  async lockMarks(em: EntityManager, id: string): Promise<ReplyMarkRow | null> {
    const [row]: ReplyMarkRow[] = await em.query(`SELECT id, campaign_id, target_id, kind, stance, published FROM replies WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  /**
   * In the erasing transaction: the replies to these signatures' letters, and those to digests of
   * their campaigns, that are not redacted yet, locked, for `redact` to say what is left of them.
   */
  async lockForErasure(em: EntityManager, signatureIds: string[]): Promise<ErasableReply[]> {
    if (!signatureIds.length) return [];
    return em.query<ErasableReply[]>(
      `SELECT r.id, r.signature_id IS NULL AS digest, r.from_address AS "fromAddress", r.from_name AS "fromName", r.subject, r.text, r.headers
         FROM replies r
        WHERE r.redacted_at IS NULL
          AND (r.signature_id = ANY($1::uuid[])
               OR (r.signature_id IS NULL AND r.campaign_id IN (SELECT campaign_id FROM signatures WHERE id = ANY($1::uuid[]))))
        ORDER BY r.id
          FOR UPDATE OF r`,
      [signatureIds],
    );
  }

  /**
   * Writes what erasure leaves of replies (`redactReply`): their text, subject, sender and headers;
   * `redacted_at` set on the replies to the supporter's own letters, and on a digest's when it named them.
   */
  async writeRedactions(em: EntityManager, redactions: Redaction[]): Promise<number> {
    for (const r of redactions) {
      await em.query(
        `UPDATE replies SET text = $2, subject = $3, from_address = $4, from_name = $5, headers = $6::jsonb, updated_at = now(),
                redacted_at = CASE WHEN $7 THEN now() ELSE redacted_at END
          WHERE id = $1`,
        [r.id, r.text, r.subject, r.fromAddress, r.fromName, JSON.stringify(r.headers), r.mark],
      );
    }
    return redactions.length;
  }

  /** Writes the marks as they are to be (kind, stance, published), in `em`'s transaction. */
  async writeMarks(em: EntityManager, id: string, marks: Required<ReplyMarks>): Promise<void> {
    await em.query(`UPDATE replies SET kind = $2, stance = $3, published = $4, marked_at = now(), updated_at = now() WHERE id = $1`, [
      id,
      marks.kind,
      marks.stance,
      marks.published,
    ]);
  }
}

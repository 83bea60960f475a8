import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';
import { StatementBatcher } from '../database/statement-batcher.js';
import { fromStatesSql, KEPT_SQL, SIGNATURE_TRANSITIONS } from './signature-transitions.js';
import type { ReviewStatus } from './signature.entity.js';
import type { TokenPurpose } from './signature-token.entity.js';
import { SIGN_CONFIRMED_SQL, SIGN_PENDING_SQL, type SignedConfirmedRow, type SignedPendingRow } from './signing.sql.js';

/** A link an email carries, as stored: its token's hash, what it does, and for how long (none: no expiry). */
export interface IssuedLink {
  purpose: TokenPurpose;
  hash: Buffer;
  ttlHours?: number;
}

/** The links of the emails being written, one row each ($1 signature, $2 hash, $3 purpose, $4 hours or null). */
const ISSUE_LINKS_SQL = `
  INSERT INTO signature_tokens (token_hash, signature_id, purpose, expires_at)
  SELECT h, s, p, CASE WHEN t IS NULL THEN NULL ELSE now() + make_interval(hours => t) END
    FROM unnest($1::uuid[], $2::bytea[], $3::text[], $4::int[]) AS l(s, h, p, t)`;

/** The links of emails written together wait this long to share their statement (NotificationOutbox's claim waits as long). */
const LINKS_LINGER_MS = 15;

/** One signing that asks for confirmation, as SIGN_PENDING_SQL takes it. */
export interface PendingSigning {
  email: string;
  firstName: string;
  lastName: string;
  country: string;
  postcode: string | null;
  campaignId: string;
  comment: string | null;
  /** the letter's body as the supporter wrote it (a "body" campaign); null: the campaign's letter */
  letterBody: string | null;
  source: string | null;
  locale: string | null;
  ipHash: Buffer | null;
  /** consent to further contact: the exact words the supporter ticked (null: not given) */
  optInText: string | null;
  /** the language of those words */
  optInLocale: string | null;
}

/** One signing that needs no confirmation, as SIGN_CONFIRMED_SQL takes it. */
export type ConfirmedSigning = PendingSigning;

/** What one batch of the pending-retention purge deleted. */
export interface PurgedBatch {
  signatures: number;
  supporters: number;
  /** the batch was full: run another */
  more: boolean;
}

/** The row the confirmation answers: whose signature it was. */
interface ConfirmedRow {
  supporter_id: string;
  personal: boolean;
}

/** A row that names a signature or a supporter. */
interface IdRow {
  id: string;
}

/** A signature found by the retention purge: its supporter. */
interface ExpiredRow {
  supporter_id: string;
}

/** A count of rows, as `countOf` answers it. */
interface CountRow {
  n: number;
}

/**
 * The signature ledger: the only writer of `signatures`, `signature_tokens` and `supporters`.
 * Signing (the measured hot statement, signing.sql.ts, one round trip), confirming, withdrawing,
 * the links sent to supporters, the retention purge of unconfirmed signatures and an erasure's
 * anonymisation are methods here, and each moves signatures only along SIGNATURE_TRANSITIONS
 * (signature-transitions.ts): its WHERE clause is built from that table, so a signature in any
 * other status is left alone and the method says so (false, or a count of 0).
 *
 * Methods that take an EntityManager run in the caller's transaction (which also owes or cancels
 * letters and emails, through DeliveryLedger and NotificationOutbox); the others run alone.
 */
@Injectable()
export class SignatureLedger {
  private readonly links = new StatementBatcher<{ signatureId: string; links: IssuedLink[] }, void>((emails) => this.issueLinksBatch(emails), {
    lingerMs: LINKS_LINGER_MS,
  });

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ── signing ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Signings that ask for confirmation, all in one prepared statement and one commit (the
   * supporters, the signatures and the confirmation emails owed): answers, for each, whether it
   * was taken (its campaign still live).
   */
  async signPending(batch: PendingSigning[]): Promise<boolean[]> {
    const column = <K extends keyof PendingSigning>(k: K) => batch.map((s) => s[k]);
    const rows = await preparedQuery<SignedPendingRow>(this.db, 'sign-pending', SIGN_PENDING_SQL, [
      column('email'),
      column('firstName'),
      column('lastName'),
      column('country'),
      column('postcode'),
      column('campaignId'),
      column('comment'),
      column('source'),
      column('locale'),
      column('ipHash'),
      column('optInText'),
      column('optInLocale'),
      column('letterBody'),
    ]);
    const taken = new Set(rows.map((r) => r.ord));
    return batch.map((_, i) => taken.has(i + 1));
  }

  /**
   * In the transaction that owes its letters: a signing that needs no confirmation. A new
   * signature is written confirmed; one left pending from before is confirmed here (without
   * verifying the address: nobody followed a link). Null: the campaign is not live (any more).
   */
  async signConfirmed(em: EntityManager, s: ConfirmedSigning): Promise<SignedConfirmedRow | null> {
    const [sig] = await em.query<SignedConfirmedRow[]>(SIGN_CONFIRMED_SQL, [
      s.email,
      s.firstName,
      s.lastName,
      s.country,
      s.postcode,
      s.campaignId,
      s.comment,
      s.source,
      'confirmed',
      s.locale,
      s.ipHash,
      s.optInText,
      s.optInLocale,
      s.letterBody,
    ]);
    if (!sig) return null;
    if (sig.status === 'pending') {
      await em.query(
        `UPDATE signatures SET status = '${SIGNATURE_TRANSITIONS.confirm.to}', confirmed_at = now() WHERE id = $1 AND status IN ${fromStatesSql('confirm')}`,
        [sig.id],
      );
    }
    return sig;
  }

  // ── confirming, withdrawing ─────────────────────────────────────────────────────────────────

  /**
   * In the confirming transaction: the signature (pending → confirmed) and its supporter, whose
   * address is now verified (a later signing no longer changes their name). Answers whether it
   * carries words of the supporter's own (a comment or a letter body: moderation screens them);
   * null when it was not pending (confirmed before: confirming is idempotent; or withdrawn).
   */
  async confirm(em: EntityManager, signatureId: string): Promise<{ personal: boolean } | null> {
    const confirmed = await em.query<ConfirmedRow[]>(
      `WITH c AS (
         UPDATE signatures SET status = '${SIGNATURE_TRANSITIONS.confirm.to}', confirmed_at = now(), updated_at = now()
          WHERE id = $1 AND status IN ${fromStatesSql('confirm')} RETURNING supporter_id, (comment IS NOT NULL OR letter_body IS NOT NULL) AS personal
       ) SELECT supporter_id, personal FROM c`,
      [signatureId],
    );
    if (!confirmed.length) return null;
    await em.query(`UPDATE supporters SET verified_at = COALESCE(verified_at, now()) WHERE id = $1`, [confirmed[0].supporter_id]);
    return { personal: confirmed[0].personal };
  }

  /** In the withdrawing transaction: pending or confirmed → withdrawn. False: withdrawn already. */
  async withdraw(em: EntityManager, signatureId: string): Promise<boolean> {
    const changed = await em.query<IdRow[]>(
      `WITH w AS (
         UPDATE signatures SET status = '${SIGNATURE_TRANSITIONS.withdraw.to}', withdrawn_at = now(), updated_at = now()
          WHERE id = $1 AND status IN ${fromStatesSql('withdraw')} RETURNING id
       ) SELECT id FROM w`,
      [signatureId],
    );
    return changed.length > 0;
  }

  // ── moderation (src/moderation) ─────────────────────────────────────────────────────────────

  /**
   * In the confirming transaction, before its letters are owed: what screening found in the
   * signature's own words. `hold`: its letters wait for a campaigner (review_status pending; the
   * claim leaves them queued).
   */
  async recordScreening(em: EntityManager, signatureId: string, verdict: { flags: string[]; details: object; hold: boolean }): Promise<void> {
    await em.query(
      `UPDATE signatures SET review_status = CASE WHEN $2::boolean THEN 'pending' END, review_flags = $3::text[], review_details = $4::jsonb
        WHERE id = $1`,
      [signatureId, verdict.hold, verdict.flags, JSON.stringify(verdict.details)],
    );
  }

  /**
   * A campaigner's decision on a signature waiting for review (pending → approved,
   * approved-without-text or rejected), once: null when it is not waiting (decided before, never
   * held, withdrawn or erased) or not of this campaign.
   */
  async decideReview(
    em: EntityManager,
    campaignId: string,
    signatureId: string,
    decision: { status: Exclude<ReviewStatus, 'pending'>; by: string; reason: string | null },
  ): Promise<{ id: string } | null> {
    const [row] = await em.query<IdRow[]>(
      `WITH d AS (
         UPDATE signatures SET review_status = $3, reviewed_at = now(), reviewed_by = $4, review_reason = $5, updated_at = now()
          WHERE id = $1 AND campaign_id = $2 AND review_status = 'pending' AND status = 'confirmed' AND erased_at IS NULL
         RETURNING id
       ) SELECT id FROM d`,
      [signatureId, campaignId, decision.status, decision.by, decision.reason],
    );
    return row ?? null;
  }

  // ── the links in supporters' emails (only their hashes are stored) ──────────────────────────

  // ── consent to further contact ──────────────────────────────────────────────────────────────

  /**
   * In the caller's transaction: withdraws every consent to further contact the supporter of this
   * signature holds (an unsubscribe link is the person saying "stop", whichever campaign's email
   * carried it). Idempotent: answers the signatures whose consent was withdrawn now (none the
   * second time).
   */
  async withdrawConsent(em: EntityManager, signatureId: string): Promise<{ id: string; campaign_id: string; supporter_id: string }[]> {
    return em.query(
      `WITH w AS (
         UPDATE signatures SET opt_in_withdrawn_at = now(), updated_at = now()
          WHERE supporter_id = (SELECT supporter_id FROM signatures WHERE id = $1)
            AND opt_in_at IS NOT NULL AND opt_in_withdrawn_at IS NULL
         RETURNING id, campaign_id, supporter_id
       ) SELECT id, campaign_id, supporter_id FROM w`,
      [signatureId],
    );
  }

  /**
   * The links an email to a supporter carries: only their hashes are stored (the tokens exist only
   * in the email). A confirmation link expires after `ttlHours`; withdrawal and unsubscribe links
   * do not (they work for as long as letters, or emails, may be sent). The emails being written at
   * the same moment store theirs in one statement.
   */
  async issueLinks(signatureId: string, links: IssuedLink[]): Promise<void> {
    if (links.length) await this.links.submit({ signatureId, links });
  }

  // ── data minimisation and erasure ───────────────────────────────────────────────────────────

  /**
   * One batch of the retention purge (in a transaction of its own): up to `limit` signatures
   * never confirmed within `days` of their last signing are deleted, with their confirmation
   * emails and links (they cascade), and so is a supporter left without any signature. Locks are
   * taken in the order signing takes them (the supporter, then the signature), so a supporter
   * signing again at this very moment either commits first (and their signature is fresh again,
   * and kept) or waits and then signs anew.
   */
  purgeExpiredPending(days: number, limit: number): Promise<PurgedBatch> {
    return this.db.transaction(async (em) => {
      const expired = `status IN ${fromStatesSql('purge')} AND updated_at < now() - make_interval(days => $1)`;
      const found = await em.query<ExpiredRow[]>(`SELECT supporter_id FROM signatures WHERE ${expired} ORDER BY updated_at LIMIT $2`, [days, limit]);
      if (!found.length) return { signatures: 0, supporters: 0, more: false };
      const ids = [...new Set(found.map((r) => r.supporter_id))].sort();
      await em.query(`SELECT id FROM supporters WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
      const signatures = await countOf(em, `DELETE FROM signatures WHERE supporter_id = ANY($2::uuid[]) AND ${expired}`, [days, ids]);
      const supporters = await countOf(
        em,
        `DELETE FROM supporters p WHERE p.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.supporter_id = p.id)`,
        [ids],
      );
      return { signatures, supporters, more: found.length === limit };
    });
  }

  /** Erasure: the supporter's unconfirmed signatures (counted nowhere) are deleted, with their emails. Answers how many. */
  deleteUnconfirmed(em: EntityManager, signatureIds: string[]): Promise<number> {
    return countOf(em, `DELETE FROM signatures WHERE id = ANY($1::uuid[]) AND status IN ${fromStatesSql('purge')}`, [signatureIds]);
  }

  /** Erasure: every confirmation and withdrawal link of these signatures stops working. Answers how many. */
  revokeLinks(em: EntityManager, signatureIds: string[]): Promise<number> {
    return countOf(em, `DELETE FROM signature_tokens WHERE signature_id = ANY($1::uuid[])`, [signatureIds]);
  }

  /**
   * Erasure: the signatures kept (confirmed or withdrawn) keep counting, with their comment, letter
   * body, source and address hash gone and `erased_at` set, so they are owed no letter again (a target
   * launched later, a digest), and any consent to further contact withdrawn. Answers how many.
   */
  anonymiseSignatures(em: EntityManager, signatureIds: string[]): Promise<number> {
    return countOf(
      em,
      `UPDATE signatures SET comment = NULL, letter_body = NULL, source = NULL, ip_hash = NULL, erased_at = now(), updated_at = now(),
              opt_in_withdrawn_at = CASE WHEN opt_in_at IS NOT NULL THEN COALESCE(opt_in_withdrawn_at, now()) END
        WHERE id = ANY($1::uuid[]) AND status IN ${KEPT_SQL}`,
      [signatureIds],
    );
  }

  /**
   * Erasure: the supporter's email becomes `erased:<id>` (so signing again later makes a new
   * supporter), names empty, country ZZ ("unknown"), postcode gone.
   */
  async anonymiseSupporter(em: EntityManager, supporterId: string): Promise<void> {
    await em.query(
      `UPDATE supporters SET email = 'erased:' || id, first_name = '', last_name = '', country = 'ZZ', postcode = NULL, updated_at = now()
        WHERE id = $1`,
      [supporterId],
    );
  }

  private async issueLinksBatch(emails: { signatureId: string; links: IssuedLink[] }[]): Promise<void[]> {
    const all = emails.flatMap(({ signatureId, links }) => links.map((l) => ({ signatureId, ...l })));
    await preparedQuery(this.db, 'issue-links', ISSUE_LINKS_SQL, [
      all.map((l) => l.signatureId),
      all.map((l) => l.hash),
      all.map((l) => l.purpose),
      all.map((l) => l.ttlHours ?? null),
    ]);
    return emails.map(() => undefined);
  }
}

/** Runs an UPDATE or DELETE and answers how many rows it changed. */
async function countOf(em: EntityManager, statement: string, params: unknown[]): Promise<number> {
  const [{ n }] = await em.query<CountRow[]>(`WITH x AS (${statement} RETURNING 1) SELECT count(*)::int AS n FROM x`, params);
  return n;
}

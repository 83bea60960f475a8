import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { lockCampaign } from '../database/campaign-lock.js';
import { QUEUES } from '../queue/queues.js';
import type { ErasureResult } from './dto/supporter-export.view.js';
import { NO_SUPPORTER } from './supporter-export.service.js';

/** Letters not yet accepted by any server (failed and bounced ones could be retried by an admin). */
const UNSENT_LETTERS = `('queued', 'retrying', 'failed', 'bounced')`;

/**
 * The right to erasure, keeping the counts: in one transaction the person is anonymised in every
 * table, their signatures stay (and still count) with nothing personal left on them, and nothing
 * more is sent in their name or to them.
 *
 * - supporters: email becomes `erased:<id>` (so signing again later makes a new supporter), names
 *   empty, country ZZ ("unknown"), postcode gone;
 * - signatures: a confirmed (or withdrawn) one keeps counting, with its comment, source and
 *   address hash gone and `erased_at` set, so it is owed no letter (a target launched later, a
 *   digest) and no letter of it is sent any more; an unconfirmed one, counted nowhere, is deleted;
 * - letters: those not yet accepted by a server are cancelled ("supporter erased"); one in an
 *   SMTP conversation at this moment finishes;
 * - emails to them: every unsent one is cancelled (one being sent finishes, but records nothing),
 *   and the SMTP answers kept about the others (which may quote their address) are cleared;
 * - confirmation and withdrawal links: deleted, so they no longer work;
 * - the development mail catcher: messages to or about the address are deleted;
 * - the audit log records the erasure by supporter id only;
 * - afterwards, the jobs of their emails are removed from the queue in Redis (a failed one keeps
 *   the SMTP server's answer, which may quote their address, for days).
 */
@Injectable()
export class SupporterErasureService {
  private readonly log = new Logger(SupporterErasureService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @InjectQueue(QUEUES.notifications) private readonly notificationJobs: Queue,
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
      const [supporter]: { id: string }[] = await em.query(`SELECT id FROM supporters WHERE email = $1 FOR UPDATE`, [email]);
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
      const unconfirmedDeleted = await count(em, `DELETE FROM signatures WHERE id = ANY($1::uuid[]) AND status = 'pending' RETURNING 1`, [pending]);
      const result: ErasureResult = {
        supporterId: supporter.id,
        signatures: kept.length,
        unconfirmedDeleted,
        ...(await this.cancelLetters(em, kept)),
        emailsCancelled: await this.cancelEmails(em, kept),
        linksRevoked: await count(em, `DELETE FROM signature_tokens WHERE signature_id = ANY($1::uuid[]) RETURNING 1`, [kept]),
      };
      await em.query(
        `UPDATE signatures SET comment = NULL, source = NULL, ip_hash = NULL, erased_at = now(), updated_at = now()
          WHERE id = ANY($1::uuid[])`,
        [kept],
      );
      await em.query(`DELETE FROM caught_mail WHERE $1 = ANY(envelope_to) OR strpos(lower(raw), $1) > 0`, [email]);
      await em.query(
        `UPDATE supporters SET email = 'erased:' || id, first_name = '', last_name = '', country = 'ZZ', postcode = NULL, updated_at = now()
          WHERE id = $1`,
        [supporter.id],
      );
      const { supporterId: _, ...counts } = result;
      await this.audit.record(actor, 'supporter.erase', { type: 'supporter', id: supporter.id }, counts, em);
      return { result, emails: emails.map((n) => n.id) };
    });
  }

  /** Best effort: a job being processed right now stays (it records nothing: its row is cancelled). */
  private async removeJobs(notificationIds: string[]) {
    const outcomes = await Promise.allSettled(notificationIds.map((id) => this.notificationJobs.remove(id)));
    const failed = outcomes.filter((o) => o.status === 'rejected').length;
    if (failed) this.log.warn(`erasure: ${failed} email job(s) not removed from Redis; they are trimmed within 7 days`);
  }

  private async cancelLetters(em: EntityManager, signatureIds: string[]): Promise<{ lettersCancelled: number; lettersInFlight: number }> {
    const [row]: { cancelled: number; in_flight: number }[] = await em.query(
      `WITH cancelled AS (
         UPDATE deliveries SET status = 'cancelled', last_error = 'supporter erased', updated_at = now()
          WHERE signature_id = ANY($1::uuid[]) AND status IN ${UNSENT_LETTERS}
         RETURNING 1
       )
       SELECT (SELECT count(*)::int FROM cancelled) AS cancelled,
              (SELECT count(*)::int FROM deliveries WHERE signature_id = ANY($1::uuid[]) AND status = 'sending') AS in_flight`,
      [signatureIds],
    );
    return { lettersCancelled: row.cancelled, lettersInFlight: row.in_flight };
  }

  private async cancelEmails(em: EntityManager, signatureIds: string[]): Promise<number> {
    const cancelled = await count(
      em,
      `UPDATE notifications SET status = 'cancelled', last_error = 'supporter erased', updated_at = now()
        WHERE signature_id = ANY($1::uuid[]) AND status IN ('queued', 'retrying', 'sending') RETURNING 1`,
      [signatureIds],
    );
    await em.query(
      `UPDATE notifications SET last_error = NULL WHERE signature_id = ANY($1::uuid[]) AND last_error IS DISTINCT FROM 'supporter erased' AND last_error IS NOT NULL`,
      [signatureIds],
    );
    return cancelled;
  }
}

async function count(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const [row]: { n: number }[] = await em.query(`WITH x AS (${sql}) SELECT count(*)::int AS n FROM x`, params);
  return row.n;
}

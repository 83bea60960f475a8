import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { DeliveryLedger } from '../deliveries/delivery-ledger.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import type { Bounce } from './dsn.js';

export type BounceEffect =
  /** a hard bounce turned the sent letter `bounced` (and counted against its target) */
  | 'bounced'
  /** a hard bounce for a letter that is not (or no longer) `sent`: kept in its history only */
  | 'recorded'
  /** a soft bounce: kept in the letter's history, nothing else changes */
  | 'soft'
  /** the report says the letter was delivered or relayed */
  | 'ignored'
  /** no such letter */
  | 'unknown';

export interface BounceOutcome {
  deliveryId: string;
  effect: BounceEffect;
  /** set when this bounce made the target's address failing */
  targetFailing?: { targetId: string; hardBounces: number };
}

/**
 * What a delivery status notification changes. A hard bounce (5.x.x, or `Action: failed`) of a
 * sent letter marks it `bounced` with the status code and diagnostic, adds a `bounced` row to its
 * attempt history and counts against its target: after BOUNCE_HARD_LIMIT of them the target's
 * address is failing (audited as `target.failing`), and the letters owed to it are held. A soft
 * bounce (4.x.x still being tried) is recorded in the history only. The same report twice changes
 * the letter and the count once.
 *
 * A receiving server that refuses the address outright, during the SMTP conversation (a 5.1.1
 * "user unknown" at RCPT: see refusalSubject in src/mail/smtp-errors.ts), counts the same way
 * (recordRefusal): the letter sender has failed that letter already, and the refusal is one more
 * hard bounce for the address. A refusal of the message (policy, size, content) never counts.
 */
@Injectable()
export class BounceRecorder {
  private readonly log = new Logger(BounceRecorder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly ledger: DeliveryLedger,
    private readonly webhooks: WebhookOutbox,
  ) {}

  async record(bounce: Bounce): Promise<BounceOutcome[]> {
    const outcomes: BounceOutcome[] = [];
    for (const deliveryId of bounce.deliveryIds) outcomes.push(await this.recordOne(deliveryId, bounce));
    return outcomes;
  }

  private async recordOne(deliveryId: string, bounce: Bounce): Promise<BounceOutcome> {
    const kind = bounce.kind;
    if (kind === 'success') return { deliveryId, effect: 'ignored' };
    return this.db.transaction(async (em) => {
      const row = await this.ledger.recordBounce(em, deliveryId, kind, bounce.reason);
      if (!row) return { deliveryId, effect: 'unknown' as const };
      if (bounce.kind === 'soft') return { deliveryId, effect: 'soft' as const };
      if (!row.marked) return { deliveryId, effect: 'recorded' as const };
      await this.webhooks.recordLetter(em, 'letter.bounced', deliveryId);
      const failing = await this.countAgainstTarget(em, row.targetId, deliveryId, bounce.reason);
      return { deliveryId, effect: 'bounced' as const, ...(failing ? { targetFailing: failing } : {}) };
    });
  }

  /**
   * A letter whose recipient the receiving server refused during the conversation (the letter is
   * `failed` already, by the letter sender): one more hard bounce against its target's address.
   * Answers whether that made the address failing. Each letter is refused once (a 5xx is final),
   * so each counts once.
   */
  async recordRefusal(deliveryId: string, reason: string): Promise<{ targetId: string; hardBounces: number } | null> {
    return this.db.transaction(async (em) => {
      const [row]: { target_id: string }[] = await em.query(`SELECT target_id FROM deliveries WHERE id = $1`, [deliveryId]);
      return row ? this.countAgainstTarget(em, row.target_id, deliveryId, reason) : null;
    });
  }

  /** One more hard bounce for the target; at the limit its address becomes failing (once). */
  private async countAgainstTarget(em: EntityManager, targetId: string, deliveryId: string, reason: string) {
    const [t]: { hard_bounces: number; newly_failing: boolean }[] = await em.query(
      `WITH old AS (
         SELECT id, failing_since FROM targets WHERE id = $1 FOR UPDATE
       ), t AS (
         UPDATE targets t
            SET hard_bounces = t.hard_bounces + 1, last_bounce_at = now(), last_bounce_reason = $2, updated_at = now(),
                failing_since = CASE WHEN t.failing_since IS NULL AND t.hard_bounces + 1 >= $3 THEN now() ELSE t.failing_since END
           FROM old WHERE t.id = old.id
         RETURNING t.hard_bounces, old.failing_since IS NULL AND t.failing_since IS NOT NULL AS newly_failing
       ) SELECT * FROM t`,
      [targetId, reason, this.config.bounceHardLimit],
    );
    if (!t?.newly_failing) return null;
    this.log.warn(`target ${targetId} is failing after ${t.hard_bounces} hard bounce(s): its letters are held until a campaigner clears it`);
    await this.audit.record(
      null,
      'target.failing',
      { type: 'target', id: targetId },
      { hardBounces: t.hard_bounces, limit: this.config.bounceHardLimit, reason, deliveryId },
      em,
    );
    return { targetId, hardBounces: t.hard_bounces };
  }
}

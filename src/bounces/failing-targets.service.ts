import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import { Target } from '../targets/target.entity.js';
import type { ClearedTargetView, FailingTargetView } from './dto/failing-target.view.js';
import { OWED_SQL } from '../deliveries/delivery-transitions.js';
import { targetView } from '../targets/dto/target-view.dto.js';

const RELEASE_BATCH = 5000;

/** A failing target and what waits for it (FailingTargetsService.list). */
interface FailingTargetRow {
  id: string;
  name: string;
  title: string;
  organization: string;
  email: string;
  active: boolean;
  hard_bounces: number;
  failing_since: Date | null;
  last_bounce_at: Date | null;
  last_bounce_reason: string | null;
  held: number;
  campaigns: number;
}

/**
 * Targets whose address is failing (BOUNCE_HARD_LIMIT hard bounces): their owed letters are held
 * by the workers' claim, and the reconciler leaves them alone. Clearing the flag (after fixing
 * the address, or once the official's mail server accepts mail again) resets the count and hands
 * the held letters to the queue at once.
 */
@Injectable()
export class FailingTargetsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<FailingTargetView[]> {
    const rows = await this.db.query<FailingTargetRow[]>(
      `SELECT t.id, t.name, t.title, t.organization, t.email, t.active, t.hard_bounces, t.failing_since, t.last_bounce_at,
              t.last_bounce_reason, h.held, h.campaigns
         FROM targets t
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS held, count(DISTINCT d.campaign_id)::int AS campaigns
             FROM deliveries d WHERE d.target_id = t.id AND d.status IN ${OWED_SQL}
         ) h
        WHERE t.failing_since IS NOT NULL
        ORDER BY t.failing_since DESC, t.id`,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      title: r.title,
      organization: r.organization,
      email: r.email,
      active: r.active,
      hardBounces: r.hard_bounces,
      failingSince: r.failing_since,
      lastBounceAt: r.last_bounce_at,
      lastBounceReason: r.last_bounce_reason,
      heldLetters: r.held,
      campaigns: r.campaigns,
    }));
  }

  /** Clears the flag and the count (audited as target.clear-failing), then releases the held letters. */
  async clear(id: string, actor: StaffPrincipal | null): Promise<ClearedTargetView> {
    const before = await this.db.transaction(async (em) => {
      const [row]: { failing_since: Date | null; hard_bounces: number }[] = await em.query(
        `SELECT failing_since, hard_bounces FROM targets WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw new NotFoundException(`No target ${id}`);
      await em.query(`UPDATE targets SET failing_since = NULL, hard_bounces = 0, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record(actor, 'target.clear-failing', { type: 'target', id }, { wasFailingSince: row.failing_since, hardBounces: row.hard_bounces }, em);
      return row;
    });
    const released = before.failing_since ? await this.release(id) : 0;
    const target = await this.db.getRepository(Target).findOneByOrFail({ id });
    return { ...targetView(target), released };
  }

  /** Hands every letter owed to the target to the queue again (a finished job of its held attempt is replaced). */
  private async release(targetId: string): Promise<number> {
    let released = 0;
    let after: string | null = null;
    for (;;) {
      const rows: { id: string }[] = await this.db.query(
        `SELECT id FROM deliveries
          WHERE target_id = $1 AND status IN ${OWED_SQL} AND ($2::uuid IS NULL OR id > $2::uuid)
          ORDER BY id LIMIT $3`,
        [targetId, after, RELEASE_BATCH],
      );
      if (!rows.length) return released;
      released += await this.dispatcher.requeue(rows.map((r) => r.id));
      after = rows[rows.length - 1].id;
    }
  }
}

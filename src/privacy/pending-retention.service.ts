import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';

/** Rows deleted per statement: short transactions, however large the backlog. */
const BATCH = 1000;

export interface RetentionReport {
  signatures: number;
  supporters: number;
}

/**
 * Data minimisation: a signature nobody confirmed within PENDING_RETENTION_DAYS of its last
 * signing is deleted, with its confirmation emails and links (they cascade), and so is a
 * supporter left without any signature: an address somebody typed (perhaps someone else's) is
 * not kept for ever. Run by the workers' maintenance scheduler (task `pending-retention`).
 */
@Injectable()
export class PendingRetentionService {
  private readonly log = new Logger(PendingRetentionService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async run(): Promise<RetentionReport> {
    const report: RetentionReport = { signatures: 0, supporters: 0 };
    for (;;) {
      const gone = await this.deleteBatch();
      report.signatures += gone.signatures;
      report.supporters += gone.supporters;
      if (!gone.more) break;
    }
    if (report.signatures) this.log.log(`deleted ${report.signatures} unconfirmed signature(s) and ${report.supporters} supporter(s) past ${this.config.pendingRetentionDays} days`);
    return report;
  }

  /**
   * One batch. Locks are taken in the order signing takes them (the supporter, then the
   * signature), so a supporter signing again at this very moment either commits first (and
   * their signature is fresh again, and kept) or waits and then signs anew.
   */
  private deleteBatch(): Promise<RetentionReport & { more: boolean }> {
    return this.db.transaction(async (em) => {
      const expired = `status = 'pending' AND updated_at < now() - make_interval(days => $1)`;
      const found: { supporter_id: string }[] = await em.query(
        `SELECT supporter_id FROM signatures WHERE ${expired} ORDER BY updated_at LIMIT $2`,
        [this.config.pendingRetentionDays, BATCH],
      );
      if (!found.length) return { signatures: 0, supporters: 0, more: false };
      const ids = [...new Set(found.map((r) => r.supporter_id))].sort();
      await em.query(`SELECT id FROM supporters WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
      const [{ signatures, supporters }]: RetentionReport[] = await em.query(
        `WITH sig AS (
           DELETE FROM signatures WHERE supporter_id = ANY($2::uuid[]) AND ${expired} RETURNING 1
         ) SELECT (SELECT count(*)::int FROM sig) AS signatures, 0 AS supporters`,
        [this.config.pendingRetentionDays, ids],
      );
      const [{ n }]: { n: number }[] = await em.query(
        `WITH gone AS (
           DELETE FROM supporters p WHERE p.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.supporter_id = p.id)
           RETURNING 1
         ) SELECT count(*)::int AS n FROM gone`,
        [ids],
      );
      return { signatures, supporters: supporters + n, more: found.length === BATCH };
    });
  }
}

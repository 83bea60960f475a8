import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';

export interface RollupReport {
  /** delta rows folded into the totals */
  folded: number;
}

/**
 * Folds campaign_stat_deltas into campaign_stat_totals, campaign_sent_minutes and campaign_sent_hours,
 * and target_letter_deltas into target_letter_totals, every STATS_ROLLUP_INTERVAL_SECONDS, in
 * every process. One statement: the deltas it deletes are the ones it adds, so a read (also one
 * statement) sees them either here or there, never both or neither. Two processes folding at once cannot count a delta twice: a row deleted by one is
 * skipped by the other. Minutes older than a day, and totals of deleted campaigns, are dropped.
 */
@Injectable()
export class StatsRollup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(StatsRollup.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => this.tick(), this.config.statsRollupIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async run(): Promise<RollupReport> {
    const [{ folded }]: { folded: number }[] = await this.db.query(
      `WITH folded AS (
         DELETE FROM campaign_stat_deltas RETURNING campaign_id, kind, status, n, sent_minute
       ), totals AS (
         INSERT INTO campaign_stat_totals (campaign_id, kind, status, n)
         SELECT campaign_id, kind, status, sum(n) FROM folded WHERE sent_minute IS NULL GROUP BY 1, 2, 3
         ON CONFLICT (campaign_id, kind, status) DO UPDATE SET n = campaign_stat_totals.n + EXCLUDED.n
         RETURNING 1
       ), minutes AS (
         INSERT INTO campaign_sent_minutes (campaign_id, minute, n)
         SELECT campaign_id, sent_minute, sum(n) FROM folded WHERE sent_minute IS NOT NULL GROUP BY 1, 2
         ON CONFLICT (campaign_id, minute) DO UPDATE SET n = campaign_sent_minutes.n + EXCLUDED.n
         RETURNING 1
       ), hours AS (
         INSERT INTO campaign_sent_hours (campaign_id, hour, n)
         SELECT campaign_id, date_trunc('hour', sent_minute), sum(n) FROM folded WHERE sent_minute IS NOT NULL GROUP BY 1, 2
         ON CONFLICT (campaign_id, hour) DO UPDATE SET n = campaign_sent_hours.n + EXCLUDED.n
         RETURNING 1
       ), target_folded AS (
         DELETE FROM target_letter_deltas RETURNING campaign_id, target_id, status, reason, n, last_failed_at
       ), target_totals AS (
         INSERT INTO target_letter_totals (campaign_id, target_id, status, reason, n, last_failed_at)
         SELECT campaign_id, target_id, status, reason, sum(n), max(last_failed_at) FROM target_folded GROUP BY 1, 2, 3, 4
         ON CONFLICT (campaign_id, target_id, status, reason)
         DO UPDATE SET n = target_letter_totals.n + EXCLUDED.n,
                       last_failed_at = greatest(target_letter_totals.last_failed_at, EXCLUDED.last_failed_at)
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM folded)::int + (SELECT count(*) FROM target_folded)::int AS folded,
              (SELECT count(*) FROM totals) + (SELECT count(*) FROM minutes) + (SELECT count(*) FROM hours)
                + (SELECT count(*) FROM target_totals) AS written`,
    );
    await this.db.query(`DELETE FROM campaign_sent_minutes WHERE minute < now() - interval '25 hours'`);
    await this.db.query(`DELETE FROM campaign_sent_hours WHERE hour < now() - interval '26 hours'`);
    await this.db.query(`DELETE FROM campaign_stat_totals t WHERE NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.id = t.campaign_id)`);
    return { folded };
  }

  private tick() {
    if (this.running) return;
    this.running = this.run()
      .catch((e) => this.log.warn(`stats roll-up failed, will try again: ${(e as Error).message}`))
      .finally(() => {
        this.running = null;
      });
  }
}

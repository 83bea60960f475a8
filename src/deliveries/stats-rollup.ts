import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { CURRENT_HOUR, FIRST_FULL_HOUR } from './sent-windows.sql.js';

export interface RollupReport {
  /** delta rows folded into the totals */
  folded: number;
}

/**
 * Folds campaign_stat_deltas into campaign_stat_totals, campaign_sent_minutes, campaign_sent_hours
 * and campaign_sent_days, and target_letter_deltas into target_letter_totals, every
 * STATS_ROLLUP_INTERVAL_SECONDS, in every process. One statement: the deltas it deletes are the
 * ones it adds, so a read (also one statement) sees them either here or there, never both or
 * neither. One roll-up at a time across processes (a transaction-scoped advisory lock), so that
 * moving campaign_sent_days to a new hour, recomputed from the hours, never races a fold adding
 * to them. Minutes and hours older than a day, and totals of deleted campaigns, are dropped.
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

  /** the hour campaign_sent_days was last moved to by this process (database clock, as text) */
  private daysMovedTo: string | null = null;

  async run(): Promise<RollupReport> {
    let currentHour = '';
    const report = await this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('appeals:stats-rollup'))`);
      const [{ folded, current_hour }]: { folded: number; current_hour: string }[] = await em.query(
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
       ), days AS (
         -- letters sent in hours of the window campaign_sent_days holds for their campaign
         UPDATE campaign_sent_days d SET n = d.n + f.n
           FROM (SELECT x.campaign_id, sum(x.n) AS n FROM folded x JOIN campaign_sent_days dd ON dd.campaign_id = x.campaign_id
                  WHERE x.sent_minute >= dd.from_hour AND x.sent_minute < dd.to_hour GROUP BY 1) AS f
          WHERE d.campaign_id = f.campaign_id
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
                + (SELECT count(*) FROM days) + (SELECT count(*) FROM target_totals) AS written,
              ${CURRENT_HOUR}::text AS current_hour`,
      );
      currentHour = current_hour;
      // the hour has turned (or this process has not looked yet): every campaign's whole hours of
      // the new window, from the hours (zero included, so the stats never look further for a
      // campaign that sent nothing); rows of deleted campaigns go
      if (this.daysMovedTo !== current_hour)
        await em.query(
          `WITH moved AS (
             INSERT INTO campaign_sent_days (campaign_id, from_hour, to_hour, n)
             SELECT c.id, ${FIRST_FULL_HOUR}, ${CURRENT_HOUR}, coalesce(sum(h.n), 0)
               FROM campaigns c
               LEFT JOIN campaign_sent_hours h ON h.campaign_id = c.id AND h.hour >= ${FIRST_FULL_HOUR} AND h.hour < ${CURRENT_HOUR}
              GROUP BY 1
             ON CONFLICT (campaign_id) DO UPDATE SET from_hour = EXCLUDED.from_hour, to_hour = EXCLUDED.to_hour, n = EXCLUDED.n
             RETURNING campaign_id
           )
           DELETE FROM campaign_sent_days d WHERE NOT EXISTS (SELECT 1 FROM moved m WHERE m.campaign_id = d.campaign_id)`,
        );
      await em.query(`DELETE FROM campaign_sent_minutes WHERE minute < now() - interval '25 hours'`);
      await em.query(`DELETE FROM campaign_sent_hours WHERE hour < now() - interval '26 hours'`);
      await em.query(`DELETE FROM campaign_stat_totals t WHERE NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.id = t.campaign_id)`);
      return { folded };
    });
    this.daysMovedTo = currentHour;
    return report;
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

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CampaignStatus } from '../campaigns/campaign.entity.js';
import { campaignStatCountParts } from './campaign-stat-counts.sql.js';
import { SingleFlight } from '../common/single-flight.js';
import { SIGNATURE_STATUSES, type SignatureStatus } from '../signatures/signature.entity.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from './delivery.entity.js';
import type { CampaignStats, DeliveryCounts, SentPerMinuteResponse, SignatureCounts, StatsResponse } from './dto/stats.response.js';
import { QueueDepthsService } from './queue-depths.service.js';
import { CURRENT_HOUR, DAY_START, FIRST_FULL_HOUR, HOUR_START } from './sent-windows.sql.js';

const COUNT_PARTS = campaignStatCountParts();

/** Rows per status of every campaign. */
const COUNTS = `SELECT campaign_id, kind, status, sum(n)::bigint AS n FROM (${COUNT_PARTS}) AS x GROUP BY 1, 2, 3`;

/**
 * A campaign's counts as one column per status (s_pending, …, d_queued, …): the status lists are
 * fixed, so one aggregate of plain sums, not a JSON object built per campaign (with 2,000
 * campaigns, 43 ms of the statement's 95 were those objects).
 */
const STATUS_COLUMNS = [
  ...SIGNATURE_STATUSES.map((st) => `coalesce(sum(n) FILTER (WHERE kind = 'signatures' AND status = '${st}'), 0)::int AS "s_${st}"`),
  ...DELIVERY_STATUSES.map((st) => `coalesce(sum(n) FILTER (WHERE kind = 'deliveries' AND status = '${st}'), 0)::int AS "d_${st}"`),
].join(', ');

/** Letters accepted by SMTP per (campaign, minute of sent_at), from `since` on: rolled-up minutes plus unfolded deltas. */
const SENT_MINUTES = (since: string) => `
  SELECT campaign_id, minute, n FROM campaign_sent_minutes WHERE minute >= ${since}
  UNION ALL
  SELECT campaign_id, sent_minute, n FROM campaign_stat_deltas WHERE sent_minute >= ${since}`;

/**
 * Letters sent per campaign in the last 60 minutes, and in the last 1,440 apart from the window's
 * whole hours (read per campaign from campaign_sent_days, or its hours: see campaignRows): the
 * minutes of the last hour and of the day's first, partial hour, and the deltas not folded yet.
 */
const SENT_WINDOWS = `
  SELECT campaign_id, sum(hour_n) AS last_hour, sum(day_n) AS last_day
    FROM (SELECT campaign_id,
                 CASE WHEN minute >= ${HOUR_START} THEN n ELSE 0 END AS hour_n,
                 CASE WHEN minute < ${FIRST_FULL_HOUR} OR minute >= ${CURRENT_HOUR} THEN n ELSE 0 END AS day_n
            FROM campaign_sent_minutes
           WHERE (minute >= ${DAY_START} AND minute < ${FIRST_FULL_HOUR}) OR minute >= ${HOUR_START}
          UNION ALL
          SELECT campaign_id, CASE WHEN sent_minute >= ${HOUR_START} THEN n ELSE 0 END, n
            FROM campaign_stat_deltas WHERE sent_minute >= ${DAY_START}) AS m
   GROUP BY 1`;

/** Statuses of a letter not yet sent: what "oldest unsent" looks at (index ix_deliveries_unsent_created). */
const UNSENT = `status IN ('queued', 'sending', 'retrying')`;

interface CampaignRow extends Record<`s_${(typeof SIGNATURE_STATUSES)[number]}` | `d_${(typeof DELIVERY_STATUSES)[number]}`, number | null> {
  id: string;
  slug: string;
  title: string;
  status: CampaignStatus;
  sent_last_hour: number;
  sent_last_day: number;
  /** ISO 8601, formatted by PostgreSQL (2,000 campaigns: 2,000 dates not parsed and formatted again) */
  oldest_unsent_at: string | null;
  oldest_unsent_age: number | null;
  now: string;
}

function counts<K extends string>(keys: readonly K[], found: Record<string, string | number> | null): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, Number(found?.[k] ?? 0)])) as Record<K, number>;
}

/**
 * The admin figures, read from summaries kept up to date by triggers (see migration
 * CampaignStats and StatsRollup), never by scanning deliveries: the cost depends on the number
 * of campaigns, not of letters. Each answer is one statement, so one consistent snapshot.
 */
@Injectable()
export class DeliveryStatsService {
  private readonly statsFlight = new SingleFlight<StatsResponse>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queueDepths: QueueDepthsService,
  ) {}

  /**
   * Every campaign's figures and the queue depths. Admins asking while an answer is being computed
   * share it (SingleFlight): with thousands of campaigns the statement is tens of milliseconds of
   * the database's time, and a dashboard open in several browsers would otherwise run it once each.
   */
  stats(): Promise<StatsResponse> {
    return this.statsFlight.run(() => this.computeStats());
  }

  private async computeStats(): Promise<StatsResponse> {
    const [rows, depths] = await Promise.all([this.campaignRows(), this.queueDepths.read()]);
    return {
      generatedAt: rows[0]?.now ?? new Date().toISOString(),
      campaigns: rows.map(toCampaignStats),
      queues: depths.queues,
      queueError: depths.ok ? null : depths.error,
    };
  }

  /** The figures of these campaigns only (the console's campaign list and pages), in no particular order. */
  async campaigns(ids: string[]): Promise<CampaignStats[]> {
    if (!ids.length) return [];
    return (await this.campaignRows(ids)).map(toCampaignStats);
  }

  /** Sent letters per minute (zeros included), oldest first, the current minute last. */
  async sentPerMinute(campaignId: string | null, minutes = 60): Promise<SentPerMinuteResponse> {
    const since = `date_trunc('minute', now()) - make_interval(mins => $1::int - 1)`;
    const rows: { minute: Date; sent: number }[] = await this.db.query(
      `SELECT g.minute, coalesce(sum(s.n), 0)::int AS sent
         FROM generate_series(${since}, date_trunc('minute', now()), interval '1 minute') AS g (minute)
         LEFT JOIN (${SENT_MINUTES(since)}) AS s ON s.minute = g.minute AND ($2::uuid IS NULL OR s.campaign_id = $2::uuid)
        GROUP BY g.minute
        ORDER BY g.minute`,
      [minutes, campaignId],
    );
    return { campaignId, minutes: rows.map((r) => ({ minute: new Date(r.minute).toISOString(), sent: r.sent })) };
  }

  /** Totals across campaigns, for the Prometheus gauges. */
  async totals(): Promise<{ signatures: SignatureCounts; deliveries: DeliveryCounts; oldestUnsentAgeSeconds: number | null }> {
    const [row]: { signatures: Record<string, string> | null; deliveries: Record<string, string> | null; oldest_unsent_age: number | null }[] =
      await this.db.query(
        `WITH c AS (${COUNTS}),
              k AS (SELECT kind, status, sum(n)::bigint AS n FROM c WHERE campaign_id IN (SELECT id FROM campaigns) GROUP BY 1, 2)
         SELECT (SELECT jsonb_object_agg(status, n) FROM k WHERE kind = 'signatures') AS signatures,
                (SELECT jsonb_object_agg(status, n) FROM k WHERE kind = 'deliveries') AS deliveries,
                (SELECT extract(epoch FROM now() - min(o.at))::float8
                   FROM campaigns cp
                   CROSS JOIN LATERAL (SELECT min(d.created_at) AS at FROM deliveries d WHERE d.campaign_id = cp.id AND d.${UNSENT}) AS o
                ) AS oldest_unsent_age`,
      );
    return {
      signatures: counts(SIGNATURE_STATUSES, row.signatures),
      deliveries: counts(DELIVERY_STATUSES, row.deliveries),
      oldestUnsentAgeSeconds: row.oldest_unsent_age,
    };
  }

  /**
   * One statement, in a transaction of its own only to turn PostgreSQL's JIT compiler off for it:
   * its estimated cost grows with the campaigns (a probe per campaign), and past jit_above_cost
   * PostgreSQL spent ~50 ms compiling a statement that runs in 60 (measured at 2,000 campaigns).
   * SET LOCAL, not a connection option: it holds behind PgBouncer in transaction pooling too.
   */
  private campaignRows(ids: string[] | null = null): Promise<CampaignRow[]> {
    return this.db.transaction(async (em) => {
      await em.query(`SET LOCAL jit = off`);
      return this.campaignRowsIn(em, ids);
    });
  }

  private campaignRowsIn(em: EntityManager, ids: string[] | null): Promise<CampaignRow[]> {
    return em.query(
      // (the campaigns asked for are filtered inside both summaries, down to their tables)
      `WITH counts AS (SELECT campaign_id, ${STATUS_COLUMNS} FROM (${COUNT_PARTS}) AS x
                        WHERE $1::uuid[] IS NULL OR x.campaign_id = ANY($1::uuid[]) GROUP BY 1),
            sent AS (SELECT * FROM (${SENT_WINDOWS}) AS w WHERE $1::uuid[] IS NULL OR w.campaign_id = ANY($1::uuid[]))
       SELECT cp.id, cp.slug, cp.title, cp.status, ${COUNT_COLUMNS},
              coalesce(sent.last_hour, 0)::int AS sent_last_hour,
              (coalesce(sent.last_day, 0) + coalesce(kept.n, hours.n, 0))::int AS sent_last_day,
              ${isoSql('o.at')} AS oldest_unsent_at,
              greatest(0, round(extract(epoch FROM now() - o.at)))::int AS oldest_unsent_age,
              ${isoSql('now()')} AS now
         FROM campaigns cp
         LEFT JOIN counts ON counts.campaign_id = cp.id
         LEFT JOIN sent ON sent.campaign_id = cp.id
         -- the whole hours of the day's window: one row kept by the roll-up for this very window,
         -- or (for the seconds after an hour turns, until the roll-up has moved it) the hours
         -- (joined on the campaign alone: the planner cannot estimate the window's equalities)
         LEFT JOIN campaign_sent_days day ON day.campaign_id = cp.id
         CROSS JOIN LATERAL (SELECT CASE WHEN day.from_hour = ${FIRST_FULL_HOUR} AND day.to_hour = ${CURRENT_HOUR} THEN day.n END AS n) AS kept
         CROSS JOIN LATERAL (SELECT sum(h.n) AS n FROM campaign_sent_hours h
                              WHERE kept.n IS NULL
                                AND h.campaign_id = cp.id AND h.hour >= ${FIRST_FULL_HOUR} AND h.hour < ${CURRENT_HOUR}) AS hours
         -- (only where the counts say a letter is unsent: most campaigns of a long-running
         -- organisation have finished, and their probe would find nothing)
         CROSS JOIN LATERAL (SELECT min(d.created_at) AS at FROM deliveries d
                              WHERE counts.d_queued + counts.d_sending + counts.d_retrying > 0
                                AND d.campaign_id = cp.id AND d.${UNSENT}) AS o
        WHERE $1::uuid[] IS NULL OR cp.id = ANY($1::uuid[])
        ORDER BY cp.created_at DESC, cp.id`,
      [ids],
    );
  }
}

const SIGNATURE_COLUMNS = SIGNATURE_STATUSES.map((st) => [st, `s_${st}`] as const);
const DELIVERY_COLUMNS = DELIVERY_STATUSES.map((st) => [st, `d_${st}`] as const);
/** the count columns of a campaign row, zero for a campaign with no row in the summary yet */
const COUNT_COLUMNS = [...SIGNATURE_COLUMNS, ...DELIVERY_COLUMNS].map(([, col]) => `coalesce(counts."${col}", 0) AS "${col}"`).join(', ');

/** A timestamptz as JavaScript's toISOString() writes it (UTC, milliseconds truncated). */
const isoSql = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** (called for every campaign of the dashboard: plain loops, no intermediate arrays) */
function toCampaignStats(r: CampaignRow): CampaignStats {
  const signatures = {} as Record<SignatureStatus, number>;
  for (const [st, col] of SIGNATURE_COLUMNS) signatures[st] = r[col] ?? 0;
  const deliveries = {} as Record<DeliveryStatus, number>;
  for (const [st, col] of DELIVERY_COLUMNS) deliveries[st] = r[col] ?? 0;
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    status: r.status,
    signatures,
    deliveries,
    sentLastHour: r.sent_last_hour,
    sentLastDay: r.sent_last_day,
    oldestUnsentAt: r.oldest_unsent_at,
    oldestUnsentAgeSeconds: r.oldest_unsent_age,
  };
}

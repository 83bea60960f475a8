import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignStatus } from '../campaigns/campaign.entity.js';
import { SIGNATURE_STATUSES } from '../signatures/signature.entity.js';
import { DELIVERY_STATUSES } from './delivery.entity.js';
import type { CampaignStats, DeliveryCounts, SentPerMinuteResponse, SignatureCounts, StatsResponse } from './dto/stats.response.js';
import { QueueDepthsService } from './queue-depths.service.js';

/** Rows per status of every campaign: the rolled-up totals plus the deltas not yet folded. */
const COUNTS = `
  SELECT campaign_id, kind, status, sum(n)::bigint AS n
    FROM (SELECT campaign_id, kind, status, n FROM campaign_stat_totals
          UNION ALL
          SELECT campaign_id, kind, status, n FROM campaign_stat_deltas WHERE sent_minute IS NULL) AS x
   GROUP BY 1, 2, 3`;

/** Letters accepted by SMTP per (campaign, minute of sent_at), from `since` on: rolled-up minutes plus unfolded deltas. */
const SENT_MINUTES = (since: string) => `
  SELECT campaign_id, minute, n FROM campaign_sent_minutes WHERE minute >= ${since}
  UNION ALL
  SELECT campaign_id, sent_minute, n FROM campaign_stat_deltas WHERE sent_minute >= ${since}`;

const HOUR_START = `date_trunc('minute', now()) - interval '59 minutes'`;
const DAY_START = `date_trunc('minute', now()) - interval '1439 minutes'`;

/** Statuses of a letter not yet sent: what "oldest unsent" looks at (index ix_deliveries_unsent_created). */
const UNSENT = `status IN ('queued', 'sending', 'retrying')`;

interface CampaignRow {
  id: string;
  slug: string;
  title: string;
  status: CampaignStatus;
  signatures: Record<string, string | number> | null;
  deliveries: Record<string, string | number> | null;
  sent_last_hour: number;
  sent_last_day: number;
  oldest_unsent_at: Date | null;
  oldest_unsent_age: number | null;
  now: Date;
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
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queueDepths: QueueDepthsService,
  ) {}

  async stats(): Promise<StatsResponse> {
    const [rows, depths] = await Promise.all([this.campaignRows(), this.queueDepths.read()]);
    return {
      generatedAt: (rows[0]?.now ?? new Date()).toISOString(),
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

  private campaignRows(ids: string[] | null = null): Promise<CampaignRow[]> {
    return this.db.query(
      `WITH c AS (${COUNTS}),
            by_kind AS (SELECT campaign_id, kind, jsonb_object_agg(status, n) AS by_status FROM c GROUP BY 1, 2),
            sent AS (
              SELECT campaign_id,
                     sum(n) FILTER (WHERE minute >= ${HOUR_START}) AS last_hour,
                     sum(n) AS last_day
                FROM (${SENT_MINUTES(DAY_START)}) AS m
               GROUP BY 1)
       SELECT cp.id, cp.slug, cp.title, cp.status,
              sig.by_status AS signatures, del.by_status AS deliveries,
              coalesce(sent.last_hour, 0)::int AS sent_last_hour,
              coalesce(sent.last_day, 0)::int AS sent_last_day,
              o.at AS oldest_unsent_at,
              extract(epoch FROM now() - o.at)::float8 AS oldest_unsent_age,
              now() AS now
         FROM campaigns cp
         LEFT JOIN by_kind sig ON sig.campaign_id = cp.id AND sig.kind = 'signatures'
         LEFT JOIN by_kind del ON del.campaign_id = cp.id AND del.kind = 'deliveries'
         LEFT JOIN sent ON sent.campaign_id = cp.id
         CROSS JOIN LATERAL (SELECT min(d.created_at) AS at FROM deliveries d WHERE d.campaign_id = cp.id AND d.${UNSENT}) AS o
        WHERE $1::uuid[] IS NULL OR cp.id = ANY($1::uuid[])
        ORDER BY cp.created_at DESC, cp.id`,
      [ids],
    );
  }
}

function toCampaignStats(r: CampaignRow): CampaignStats {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    status: r.status,
    signatures: counts(SIGNATURE_STATUSES, r.signatures),
    deliveries: counts(DELIVERY_STATUSES, r.deliveries),
    sentLastHour: r.sent_last_hour,
    sentLastDay: r.sent_last_day,
    oldestUnsentAt: r.oldest_unsent_at ? new Date(r.oldest_unsent_at).toISOString() : null,
    oldestUnsentAgeSeconds: r.oldest_unsent_age === null ? null : Math.max(0, Math.round(r.oldest_unsent_age)),
  };
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** signatures/deliveries: +/-n rows in a status; sent: n letters accepted by SMTP in sentMinute */
export const STAT_KINDS = ['signatures', 'deliveries', 'sent'] as const;
export type StatKind = (typeof STAT_KINDS)[number];

/**
 * Append-only: what one statement did to the status counts of one campaign, written by the
 * statement-level triggers on `signatures` and `deliveries` (migration CampaignStats). Workers
 * only ever append here, so dozens of them changing one campaign's letters never wait on one
 * another; the roll-up (StatsRollup) folds these rows into campaign_stat_totals and
 * campaign_sent_minutes, and the stats read totals + the rows not yet folded, in one snapshot.
 */
@Entity('campaign_stat_deltas')
export class CampaignStatDelta {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_campaign_stat_deltas' })
  id: string;

  @Column('uuid')
  campaignId: string;

  @Column('text')
  kind: StatKind;

  @Column('text')
  status: string;

  /** +n rows entered this status, -n left it (kind sent: n letters sent) */
  @Column('integer')
  n: number;

  /** kind sent: the minute of the letters' sent_at (the throughput chart); null otherwise */
  @Column('timestamptz', { nullable: true })
  sentMinute: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}

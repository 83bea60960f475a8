import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only: what one statement did to one campaign's letters to one official, per status and
 * reason, written by the statement-level triggers on `deliveries` (migration TargetLetterCounts),
 * as campaign_stat_deltas are for the campaign stats; the roll-up (StatsRollup) folds these rows
 * into target_letter_totals, and readers sum totals + the rows not folded yet, in one statement.
 */
@Entity('target_letter_deltas')
export class TargetLetterDelta {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_target_letter_deltas' })
  id: string;

  @Column('uuid')
  campaignId: string;

  @Column('uuid')
  targetId: string;

  @Column('text')
  status: string;

  /** failed and bounced letters: delivery_failure_reason(last_error); '' for every other status */
  @Column('text')
  reason: string;

  /** +n letters entered this (status, reason), -n left it */
  @Column('integer')
  n: number;

  /** the latest time one of the +n letters failed or bounced (null otherwise) */
  @Column('timestamptz', { nullable: true })
  lastFailedAt: Date | null;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A campaign's letters to one official per status and (failed or bounced) reason, as of the last
 * roll-up: what a campaign's page and the admins' failures grouped by reason read, instead of
 * counting the letters. A group emptied by retries stays with n = 0 (readers skip it).
 */
@Entity('target_letter_totals')
@Index('ix_target_letter_totals_failures', ['campaignId'], { where: `status IN ('failed', 'bounced')` })
export class TargetLetterTotal {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_target_letter_totals' })
  campaignId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_target_letter_totals' })
  targetId: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_target_letter_totals' })
  status: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_target_letter_totals' })
  reason: string;

  @Column('bigint', { default: 0 })
  n: string;

  /** the latest time a letter entered this failure group (null for the other statuses) */
  @Column('timestamptz', { nullable: true })
  lastFailedAt: Date | null;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what to which thing, and when: launches, pauses, withdrawals, retries, erasures. */
@Entity('audit_log')
@Index('ix_audit_log_at', ['at'])
@Index('ix_audit_log_subject', ['subjectType', 'subjectId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_audit_log' })
  id: string;

  /** the staff user; null for the system (automatic close, digest fallback) */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  actorEmail: string | null;

  /** e.g. campaign.launch, target.withdraw, delivery.retry */
  @Column('text')
  action: string;

  @Column('text')
  subjectType: string;

  @Column('text', { nullable: true })
  subjectId: string | null;

  @Column('jsonb', { default: () => `'{}'` })
  details: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Delivery } from './delivery.entity.js';

/** `unreachable`: no SMTP server answered; the letter was not presented and keeps its attempts */
export const SMTP_OUTCOMES = ['sent', 'temporary_failure', 'permanent_failure', 'unreachable'] as const;
export type AttemptOutcome = (typeof SMTP_OUTCOMES)[number];
/**
 * Reported later by the receiving side in a delivery status notification (RFC 3464): `bounced` a
 * hard bounce (status 5.x.x, the letter is marked bounced), `soft_bounce` a temporary one (4.x.x,
 * recorded only).
 */
export const BOUNCE_OUTCOMES = ['bounced', 'soft_bounce'] as const;
export const ATTEMPT_OUTCOMES = [...SMTP_OUTCOMES, ...BOUNCE_OUTCOMES] as const;
export type HistoryOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** One SMTP attempt at a letter: what the server answered, and when. The delivery's history. */
@Entity('delivery_attempts')
@Index('ix_delivery_attempts_delivery', ['deliveryId', 'attempt'])
@Check('ck_delivery_attempts_outcome', `outcome IN ('sent', 'temporary_failure', 'permanent_failure', 'unreachable', 'bounced', 'soft_bounce')`)
export class DeliveryAttempt {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_delivery_attempts' })
  id: string;

  @Column('uuid')
  deliveryId: string;

  @ManyToOne(() => Delivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'fk_delivery_attempts_delivery' })
  delivery?: Relation<Delivery>;

  /** 1 for the first attempt */
  @Column('integer')
  attempt: number;

  @Column('timestamptz')
  startedAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  finishedAt: Date;

  @Column('text')
  outcome: HistoryOutcome;

  /** the SMTP server's answer (or the connection error) */
  @Column('text', { nullable: true })
  response: string | null;

  /** milliseconds spent in the SMTP conversation */
  @Column('integer')
  durationMs: number;
}

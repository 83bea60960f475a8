import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/** One HTTP attempt at a delivery: when, how long, and what the receiver answered (or why none). */
@Entity('webhook_attempts')
@Index('ix_webhook_attempts_delivery', ['deliveryId', 'at'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_attempts' })
  id: string;

  @Column('uuid')
  deliveryId: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'fk_webhook_attempts_delivery' })
  delivery?: Relation<WebhookDelivery>;

  /** 1 for the first attempt (counting starts again after a replay) */
  @Column('integer')
  attempt: number;

  /** when the request started */
  @Column('timestamptz')
  at: Date;

  /** the receiver's HTTP status; null: no answer (refused, timed out, the address not allowed) */
  @Column('integer', { nullable: true })
  statusCode: number | null;

  @Column('integer')
  durationMs: number;

  /** the start of the receiver's answer (at most 500 characters) */
  @Column('text', { nullable: true })
  response: string | null;

  /** why there was no answer */
  @Column('text', { nullable: true })
  error: string | null;
}

import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookEventType } from './webhook-events.js';

/**
 * Something that happened, written in the transaction of the change it reports, only when an
 * enabled endpoint subscribes to its type (WebhookOutbox). Its id is the `webhook-id` of every
 * delivery of it, the same on each retry, so a receiver can recognise a repeat.
 */
@Entity('webhook_events')
/** an erasure removes what earlier events of the supporter said about them */
@Index('ix_webhook_events_supporter', ['supporterId'], { where: 'supporter_id IS NOT NULL' })
/** retention: events past WEBHOOK_RETENTION_DAYS, oldest first */
@Index('ix_webhook_events_created', ['createdAt'])
export class WebhookEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_events' })
  id: string;

  /** the order events were written in (a transaction's events share one created_at): deliveries keep it per supporter */
  @Column('bigint')
  @Generated('increment')
  seq: string;

  @Column('text')
  type: WebhookEventType;

  /** the supporter it is about, the key of its order (not a foreign key: the event outlives a purged supporter); null: none */
  @Column('uuid', { nullable: true })
  supporterId: string | null;

  /** the event's `data` */
  @Column('jsonb')
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

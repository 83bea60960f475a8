import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { WebhookEvent } from './webhook-event.entity.js';

export const WEBHOOK_DELIVERY_STATUSES = ['queued', 'sending', 'retrying', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
/* the ways between them: webhook-transitions.ts; the only writer: WebhookOutbox */

/**
 * One event owed to one endpoint: the outbox of webhooks. Written with its event, in the
 * transaction of the change; the `webhooks` queue carries only its id. Attempted in order per
 * endpoint and supporter (`seq`, the event's), retried with backoff for WEBHOOK_RETRY_HOURS.
 */
@Entity('webhook_deliveries')
@Index('uq_webhook_deliveries_event_endpoint', ['eventId', 'endpointId'], { unique: true })
/** an endpoint's deliveries, newest first (the admin list) */
@Index('ix_webhook_deliveries_endpoint_seq', ['endpointId', 'seq'])
/** the order check of a claim: an earlier delivery of the same endpoint and supporter still open */
@Index('ix_webhook_deliveries_open_order', ['endpointId', 'supporterId', 'seq'], { where: `status IN ('queued', 'sending', 'retrying')` })
/** the failed deliveries of an endpoint: counted on its page, replayed together */
@Index('ix_webhook_deliveries_failed', ['endpointId', 'seq'], { where: `status = 'failed'` })
/** the relay's work list: deliveries owed and not yet handed to the queue */
@Index('ix_webhook_deliveries_undispatched', ['seq'], { where: `dispatched_at IS NULL AND status = 'queued'` })
/** the reconciler's: deliveries owed, by when they last changed */
@Index('ix_webhook_deliveries_owed', ['updatedAt'], { where: `status IN ('queued', 'sending', 'retrying')` })
@Check('ck_webhook_deliveries_status', `status IN ('queued', 'sending', 'retrying', 'delivered', 'failed')`)
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @Column('uuid')
  eventId: string;

  @ManyToOne(() => WebhookEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_webhook_deliveries_event' })
  event?: Relation<WebhookEvent>;

  @Column('uuid')
  endpointId: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'fk_webhook_deliveries_endpoint' })
  endpoint?: Relation<WebhookEndpoint>;

  /** the event's supporter (its order key), copied so the order check reads one index */
  @Column('uuid', { nullable: true })
  supporterId: string | null;

  /** the event's seq, copied likewise */
  @Column('bigint')
  seq: string;

  @Column('text', { default: 'queued' })
  status: WebhookDeliveryStatus;

  /** HTTP attempts so far (a replay starts again at 0; the attempt log keeps the earlier ones) */
  @Column('integer', { default: 0 })
  attempts: number;

  /** not attempted before this (the backoff of a retry) */
  @Column('timestamptz', { default: () => 'now()' })
  nextAttemptAt: Date;

  /** the first attempt since it was owed (or replayed, or its endpoint re-enabled): retried for WEBHOOK_RETRY_HOURS from here */
  @Column('timestamptz', { nullable: true })
  firstAttemptAt: Date | null;

  @Column('timestamptz', { nullable: true })
  claimedAt: Date | null;

  /** the HTTP status of the last attempt (null: none, or no answer) */
  @Column('integer', { nullable: true })
  lastStatusCode: number | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  /** when the relay handed it to the queue (null: not yet); the reconciler covers a lost job */
  @Column('timestamptz', { nullable: true })
  dispatchedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

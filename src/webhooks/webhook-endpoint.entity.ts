import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WebhookEventType } from './webhook-events.js';

/**
 * A receiver an admin registered: where events go, which ones, and the secret they are signed
 * with. The only writer is WebhookOutbox (webhook-outbox.ts).
 */
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_endpoints' })
  id: string;

  /** http(s)://…; https only in production, never to a private address unless WEBHOOK_ALLOW_PRIVATE */
  @Column('text')
  url: string;

  @Column('text', { nullable: true })
  description: string | null;

  /** the event types it subscribes to (webhook-events.ts) */
  @Column('text', { array: true })
  events: WebhookEventType[];

  /** `whsec_` + base64 of random bytes (Standard Webhooks): answered once, when made or rotated */
  @Column('text')
  secret: string;

  /** after a rotation, the secret before it: deliveries carry both signatures until previousSecretUntil */
  @Column('text', { nullable: true })
  previousSecret: string | null;

  @Column('timestamptz', { nullable: true })
  previousSecretUntil: Date | null;

  /** a disabled endpoint is owed no new event, and its deliveries still owed are held */
  @Column('boolean', { default: true })
  enabled: boolean;

  /** the first failed attempt of the current unbroken run of failures (null: the last attempt succeeded) */
  @Column('timestamptz', { nullable: true })
  failingSince: Date | null;

  @Column('timestamptz', { nullable: true })
  disabledAt: Date | null;

  /** why it was disabled: by an admin, or by the system after WEBHOOK_DISABLE_AFTER_HOURS of failures */
  @Column('text', { nullable: true })
  disabledReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

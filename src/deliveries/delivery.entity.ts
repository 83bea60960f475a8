import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Signature } from '../signatures/signature.entity.js';
import { Target } from '../targets/target.entity.js';

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'retrying', 'failed', 'bounced', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/* the ways between them: delivery-transitions.ts; the only writer: DeliveryLedger */

/**
 * One letter owed to one target: the outbox. Written in the transaction that makes it owed
 * (confirmation, target launch); the `appeals` queue carries only its id, as the job id.
 * Exactly one per (signature, target) in individual mode, and per (campaign, target, period)
 * in digest mode.
 */
@Entity('deliveries')
@Index('uq_deliveries_signature_target', ['signatureId', 'targetId'], { unique: true, where: 'signature_id IS NOT NULL' })
@Index('uq_deliveries_digest_period', ['campaignId', 'targetId', 'periodStart'], {
  unique: true,
  where: 'period_start IS NOT NULL',
})
@Index('ix_deliveries_created', ['createdAt', 'id'])
@Index('ix_deliveries_campaign_created', ['campaignId', 'createdAt', 'id'])
/** a target's letters by status and campaign, in sending order (drain forecast, receipts, digest fallback) */
@Index('ix_deliveries_target_status', ['targetId', 'status', 'campaignId', 'sentAt'])
@Index('ix_deliveries_owed', ['updatedAt'], { where: `status IN ('queued', 'retrying', 'sending')` })
/** admin stats: each campaign's oldest unsent letter, one index probe */
@Index('ix_deliveries_unsent_created', ['campaignId', 'createdAt'], { where: `status IN ('queued', 'sending', 'retrying')` })
/** admin monitoring: failures grouped by reason, and the failed letters newest first */
@Index('ix_deliveries_failed', ['createdAt', 'id'], { where: `status IN ('failed', 'bounced')` })
@Check('ck_deliveries_status', `status IN ('queued', 'sending', 'sent', 'retrying', 'failed', 'bounced', 'cancelled')`)
@Check('ck_deliveries_kind', `(signature_id IS NULL) <> (period_start IS NULL)`)
export class Delivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_deliveries' })
  id: string;

  @Column('uuid')
  campaignId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_deliveries_campaign' })
  campaign?: Relation<Campaign>;

  @Column('uuid')
  targetId: string;

  @ManyToOne(() => Target, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_id', foreignKeyConstraintName: 'fk_deliveries_target' })
  target?: Relation<Target>;

  /** individual mode: the signature this letter carries */
  @Column('uuid', { nullable: true })
  signatureId: string | null;

  @ManyToOne(() => Signature, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'signature_id', foreignKeyConstraintName: 'fk_deliveries_signature' })
  signature?: Relation<Signature>;

  /** digest mode: this letter lists the signatures confirmed from periodStart to periodEnd */
  @Column('timestamptz', { nullable: true })
  periodStart: Date | null;

  @Column('timestamptz', { nullable: true })
  periodEnd: Date | null;

  @Column('text', { default: 'queued' })
  status: DeliveryStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  /** the Message-ID header, <DELIVERY_ID@MAIL_DOMAIN>, the same on every attempt */
  @Column('text', { nullable: true })
  messageId: string | null;

  /** the SMTP server's final answer, e.g. "250 2.0.0 queued as 1234" */
  @Column('text', { nullable: true })
  smtpResponse: string | null;

  /** when the letter became owed */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** when the current (or last) attempt claimed it */
  @Column('timestamptz', { nullable: true })
  claimedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { Reply } from '../replies/reply.entity.js';
import { Signature } from '../signatures/signature.entity.js';

/**
 * confirm_signature: asks the supporter to confirm (double opt-in); thank_you: sent once they have;
 * delivery_receipt: once all their letters are final (sent, or which failed), when the campaign opted in;
 * reply_forward: an official's answer to their letter, sent on to them (the campaign's delivery.forwardReplies)
 */
export const NOTIFICATION_KINDS = ['confirm_signature', 'thank_you', 'delivery_receipt', 'reply_forward'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_STATUSES = ['queued', 'sending', 'sent', 'retrying', 'failed', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * An email owed to a supporter (the confirmation request, the thank-you, the receipt, a forwarded reply). Written in the transaction that
 * makes it owed; the `notifications` queue only carries its id. The address is read from the
 * supporter when it is sent, so an erased supporter is never written to.
 */
@Entity('notifications')
@Index('ix_notifications_signature', ['signatureId'])
/** the relay's work list: emails owed and not yet handed to the queue */
@Index('ix_notifications_undispatched', ['createdAt'], { where: `dispatched_at IS NULL AND status = 'queued'` })
/** at most one unsent email of a kind per signature: a burst of identical signings owes one email (forwards apart: one per reply) */
@Index('uq_notifications_open', ['signatureId', 'kind'], { unique: true, where: `status IN ('queued', 'retrying', 'sending') AND kind <> 'reply_forward'` })
@Index('ix_notifications_owed', ['updatedAt'], { where: `status IN ('queued', 'retrying', 'sending')` })
/** one delivery receipt per signature, ever */
@Index('uq_notifications_delivery_receipt', ['signatureId'], { unique: true, where: `kind = 'delivery_receipt'` })
/** one forward per reply, ever */
@Index('uq_notifications_reply_forward', ['replyId'], { unique: true, where: `kind = 'reply_forward'` })
@Check('ck_notifications_kind', `kind IN ('confirm_signature', 'thank_you', 'delivery_receipt', 'reply_forward')`)
@Check('ck_notifications_reply', `(kind = 'reply_forward') = (reply_id IS NOT NULL)`)
@Check('ck_notifications_status', `status IN ('queued', 'sending', 'sent', 'retrying', 'failed', 'cancelled')`)
export class Notification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notifications' })
  id: string;

  @Column('text')
  kind: NotificationKind;

  @Column('uuid')
  signatureId: string;

  @ManyToOne(() => Signature, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'signature_id', foreignKeyConstraintName: 'fk_notifications_signature' })
  signature?: Relation<Signature>;

  /** reply_forward: the reply it sends on (null for every other kind) */
  @Column('uuid', { nullable: true })
  replyId: string | null;

  @ManyToOne(() => Reply, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reply_id', foreignKeyConstraintName: 'fk_notifications_reply' })
  reply?: Relation<Reply>;

  @Column('text', { default: 'queued' })
  status: NotificationStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  /** when the relay handed it to the queue (null: not yet); the reconciler covers a lost job */
  @Column('timestamptz', { nullable: true })
  dispatchedAt: Date | null;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Delivery } from '../deliveries/delivery.entity.js';
import { Signature } from '../signatures/signature.entity.js';
import { Target } from '../targets/target.entity.js';

export const REPLY_KINDS = ['auto', 'unclassified', 'acknowledgement', 'substantive'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];
export const STANCES = ['supports', 'opposes', 'undecided'] as const;
export type Stance = (typeof STANCES)[number];
/** the kinds a reply may have to be published: a person's answer, read and marked */
export const PUBLISHABLE_KINDS: readonly ReplyKind[] = ['acknowledgement', 'substantive'];

/** An attachment of a reply, described: its content is never kept. */
export interface ReplyAttachment {
  filename: string | null;
  contentType: string;
  size: number;
}

/**
 * An official's answer to a relayed letter (reply+TOKEN@MAIL_DOMAIN), threaded by the token to
 * its letter, campaign, target and (individual letters) signature, whoever in the office sent it.
 * Its text is plain text (an HTML answer converted, never kept as HTML); its attachments are
 * described, not kept. One mail delivered twice is stored once (uq_replies_delivery_dedup: its
 * Message-ID, else a hash of sender, date and text). The only writer: ReplyLedger.
 */
@Entity('replies')
@Index('uq_replies_delivery_dedup', ['deliveryId', 'dedupKey'], { unique: true })
/** the campaign's inbox, newest first (keyset pages) */
@Index('ix_replies_campaign_received', ['campaignId', 'receivedAt', 'id'])
/** per target: counts, the last reply, the stance */
@Index('ix_replies_campaign_target', ['campaignId', 'targetId', 'receivedAt'])
/** the campaign page's published responses */
@Index('ix_replies_published', ['campaignId', 'receivedAt'], { where: 'published' })
@Check('ck_replies_kind', `kind IN ('auto', 'unclassified', 'acknowledgement', 'substantive')`)
@Check('ck_replies_stance', `stance IS NULL OR (kind = 'substantive' AND stance IN ('supports', 'opposes', 'undecided'))`)
@Check('ck_replies_published', `NOT published OR kind IN ('acknowledgement', 'substantive')`)
export class Reply {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_replies' })
  id: string;

  @Column('uuid')
  campaignId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_replies_campaign' })
  campaign?: Relation<Campaign>;

  @Column('uuid')
  targetId: string;

  @ManyToOne(() => Target, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_id', foreignKeyConstraintName: 'fk_replies_target' })
  target?: Relation<Target>;

  /** the letter answered: the one the token names */
  @Column('uuid')
  deliveryId: string;

  @ManyToOne(() => Delivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'fk_replies_delivery' })
  delivery?: Relation<Delivery>;

  /** the signature the letter carried; null for a digest */
  @Column('uuid', { nullable: true })
  signatureId: string | null;

  @ManyToOne(() => Signature, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'signature_id', foreignKeyConstraintName: 'fk_replies_signature' })
  signature?: Relation<Signature>;

  /** From: the address that answered (the official's, or an assistant's) */
  @Column('text', { nullable: true })
  fromAddress: string | null;

  @Column('text', { nullable: true })
  fromName: string | null;

  @Column('text', { default: '' })
  subject: string;

  /** its Date header; null when it had none that could be read */
  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;

  /** plain text: the text part, else the HTML part converted to text (scripts, styles and images dropped) */
  @Column('text')
  text: string;

  @Column('jsonb', { default: () => `'[]'` })
  attachments: ReplyAttachment[];

  /** its Message-ID, as sent */
  @Column('text', { nullable: true })
  messageId: string | null;

  /** "mid:<Message-ID>", or "sha256:<hash of sender, date and text>" when it had none */
  @Column('text')
  dedupKey: string;

  /** the headers it was classified by (Auto-Submitted, Precedence, X-Autoreply…), lower-case names */
  @Column('jsonb', { default: () => `'{}'` })
  headers: Record<string, string>;

  @Column('text', { default: 'unclassified' })
  kind: ReplyKind;

  /** why it was classified `auto` ("Auto-Submitted: auto-replied", "subject (ru): автоответ") */
  @Column('text', { nullable: true })
  autoReason: string | null;

  /** a substantive reply's stance on the campaign's ask; null: not (yet) judged */
  @Column('text', { nullable: true })
  stance: Stance | null;

  /** shown on the campaign page and in the public API (its text without the quoted letter) */
  @Column('boolean', { default: false })
  published: boolean;

  /** when a campaigner last marked it (kind, stance or published) */
  @Column('timestamptz', { nullable: true })
  markedAt: Date | null;

  /** its supporter was erased since: the text no longer quotes their letter, nor names them */
  @Column('timestamptz', { nullable: true })
  redactedAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

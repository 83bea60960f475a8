import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Supporter } from './supporter.entity.js';

/** a signature whose own words wait for a campaigner (pending), and what they decided (src/moderation) */
export const REVIEW_STATUSES = ['pending', 'approved', 'approved-without-text', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const SIGNATURE_STATUSES = ['pending', 'confirmed', 'withdrawn'] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];

/** One supporter on one campaign: the unique pair makes a second signature impossible. */
@Entity('signatures')
@Index('uq_signatures_campaign_supporter', ['campaignId', 'supporterId'], { unique: true })
@Index('ix_signatures_campaign_status', ['campaignId', 'status', 'id'])
@Index('ix_signatures_supporter', ['supporterId'])
@Check('ck_signatures_status', `status IN ('pending', 'confirmed', 'withdrawn')`)
@Check('ck_signatures_review_status', `review_status IN ('pending', 'approved', 'approved-without-text', 'rejected')`)
/** a campaign's personal letters, counted on its page */
@Index('ix_signatures_personal', ['campaignId'], { where: `status = 'confirmed' AND (btrim(comment) <> '' OR letter_body IS NOT NULL)` })
@Index('ix_signatures_review', ['campaignId', 'reviewStatus', 'confirmedAt'], { where: `review_status IS NOT NULL OR review_flags <> '{}'` })
export class Signature {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_signatures' })
  id: string;

  @Column('uuid')
  campaignId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_signatures_campaign' })
  campaign?: Relation<Campaign>;

  @Column('uuid')
  supporterId: string;

  @ManyToOne(() => Supporter, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'supporter_id', foreignKeyConstraintName: 'fk_signatures_supporter' })
  supporter?: Relation<Supporter>;

  @Column('text', { default: 'pending' })
  status: SignatureStatus;

  /** the supporter's personal message, at most 1000 characters */
  @Column('text', { nullable: true })
  comment: string | null;

  /** the letter's body as the supporter wrote it (a "body" campaign), at most 5,000 characters, never expanded; null: the campaign's letter */
  @Column('text', { nullable: true })
  letterBody: string | null;

  /** free text such as a utm tag, at most 100 characters */
  @Column('text', { nullable: true })
  source: string | null;

  /** the language the supporter signed in (en, ar, ru): their emails are written in it; null when not told (JSON API) */
  @Column('text', { nullable: true })
  locale: string | null;

  @Column('timestamptz', { nullable: true })
  confirmedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  withdrawnAt: Date | null;

  /**
   * HMAC-SHA256 of the client address it was signed from, keyed by the installation's secret
   * (src/security/client-address.ts): the address itself is never stored. Null when unknown or erased.
   */
  @Column('bytea', { nullable: true })
  ipHash: Buffer | null;

  /**
   * When the supporter was erased (POST /api/admin/supporters/erase): the signature still counts,
   * but carries nothing personal and is owed no letter (nor named in a digest) again.
   */
  @Column('timestamptz', { nullable: true })
  erasedAt: Date | null;

  /** consent to further contact: the exact words the supporter agreed to (null: not given) */
  @Column('text', { nullable: true })
  optInText: string | null;

  /** the language of those words */
  @Column('text', { nullable: true })
  optInLocale: string | null;

  /** when the consent was given (the latest time, if given again after a withdrawal) */
  @Column('timestamptz', { nullable: true })
  optInAt: Date | null;

  /** when it was withdrawn (an unsubscribe link, one-click or not; an erasure) */
  @Column('timestamptz', { nullable: true })
  optInWithdrawnAt: Date | null;

  /**
   * Moderation (src/moderation): null, the letters go as written; pending, they are owed but wait
   * for a campaigner; approved, approved-without-text (the campaign's letter goes, without the
   * supporter's words) or rejected (the letters were cancelled).
   */
  @Column('text', { nullable: true })
  reviewStatus: ReviewStatus | null;

  /** the rules the supporter's words tripped when confirmed: blocked-word, links, near-duplicate, target-domain */
  @Column('text', { array: true, default: '{}' })
  reviewFlags: string[];

  /** what tripped them: { blockedWords, links, nearDuplicateOf, similarity, domain } */
  @Column('jsonb', { nullable: true })
  reviewDetails: Record<string, unknown> | null;

  @Column('timestamptz', { nullable: true })
  reviewedAt: Date | null;

  /** the email of the campaigner who decided */
  @Column('text', { nullable: true })
  reviewedBy: string | null;

  /** the reason they gave, if any */
  @Column('text', { nullable: true })
  reviewReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

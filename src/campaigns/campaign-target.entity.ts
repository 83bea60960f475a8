import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Target } from '../targets/target.entity.js';
import type { Audience } from './audience.js';
import { Campaign } from './campaign.entity.js';

export const CAMPAIGN_TARGET_STATUSES = ['pending', 'launched', 'withdrawn'] as const;
export type CampaignTargetStatus = (typeof CAMPAIGN_TARGET_STATUSES)[number];
/** what a substantive reply from the official does to the rest of the letters to them (src/campaigns/reply-rules.ts) */
export const ON_REPLY_RULES = ['continue', 'hold', 'digest'] as const;
export type OnReplyRule = (typeof ON_REPLY_RULES)[number];

/** A target attached to a campaign: pending → launched → withdrawn. */
@Entity('campaign_targets')
@Index('ix_campaign_targets_target', ['targetId'])
@Check('ck_campaign_targets_status', `status IN ('pending', 'launched', 'withdrawn')`)
@Check('ck_campaign_targets_on_reply', `on_reply IN ('continue', 'hold', 'digest')`)
@Check('ck_campaign_targets_audience', `audience->>'mode' IN ('everyone', 'same-country', 'countries', 'fallback')`)
export class CampaignTarget {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_campaign_targets' })
  campaignId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_campaign_targets' })
  targetId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_targets_campaign' })
  campaign?: Relation<Campaign>;

  @ManyToOne(() => Target, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_id', foreignKeyConstraintName: 'fk_campaign_targets_target' })
  target?: Relation<Target>;

  @Column('text', { default: 'pending' })
  status: CampaignTargetStatus;

  /** the supporters this target receives letters from (audience.ts); everyone by default */
  @Column('jsonb', { default: () => `'{"mode": "everyone"}'` })
  audience: Audience;

  @CreateDateColumn({ type: 'timestamptz' })
  attachedAt: Date;

  @Column('timestamptz', { nullable: true })
  launchedAt: Date | null;

  /** set when every confirmed signature owes this target its letter (the launch backfill ended) */
  @Column('timestamptz', { nullable: true })
  backfilledAt: Date | null;

  @Column('timestamptz', { nullable: true })
  withdrawnAt: Date | null;

  /**
   * Set when the backlog of individual letters to this target passed DIGEST_FALLBACK_BACKLOG:
   * from then on the target gets digest letters (the letters it was owed are folded into them).
   */
  @Column('timestamptz', { nullable: true })
  digestSince: Date | null;

  /**
   * When a campaigner marks a reply from this official substantive: keep sending (continue), hold
   * the rest of the letters (hold: replyHeldSince), or switch to digest letters (digest: digestSince).
   */
  @Column('text', { default: 'continue' })
  onReply: OnReplyRule;

  /** set by a substantive reply under onReply "hold": its letters stay queued, unsent, until released */
  @Column('timestamptz', { nullable: true })
  replyHeldSince: Date | null;

  /** the reply that held them (not a foreign key: the hold is the campaign target's, whatever becomes of the reply) */
  @Column('uuid', { nullable: true })
  replyHeldBy: string | null;
}

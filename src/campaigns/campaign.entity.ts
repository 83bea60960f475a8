import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CAMPAIGN_STATUSES = ['draft', 'live', 'paused', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface LetterTemplate {
  subject: string;
  body: string;
}
export interface Appeal extends LetterTemplate {
  /** keyed by BCP 47 locale, e.g. { ru: { subject, body } } */
  translations?: Record<string, LetterTemplate>;
}

export const DELIVERY_MODES = ['individual', 'digest'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export interface DeliveryPolicy {
  mode: DeliveryMode;
  /** per target address, across campaigns; null: no limit beyond the global one */
  maxPerTargetPerHour?: number | null;
  /** digest mode: one letter per target per this many minutes */
  digestIntervalMinutes?: number;
  /** email each supporter once their letters are all final: all delivered, or which failed */
  supporterReceipts?: boolean;
}

@Entity('campaigns')
@Index('uq_campaigns_slug', ['slug'], { unique: true })
@Check('ck_campaigns_status', `status IN ('draft', 'live', 'paused', 'closed')`)
export class Campaign {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_campaigns' })
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  summary: string;

  /** the letter: subject and body templates, with optional translations */
  @Column('jsonb')
  appeal: Appeal;

  @Column('integer', { nullable: true })
  signatureGoal: number | null;

  @Column('timestamptz', { nullable: true })
  endsAt: Date | null;

  @Column('boolean', { default: true })
  requireConfirmation: boolean;

  @Column('jsonb', { default: () => `'{"mode": "individual"}'` })
  delivery: DeliveryPolicy;

  @Column('text', { default: 'draft' })
  status: CampaignStatus;

  @Column('timestamptz', { nullable: true })
  launchedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

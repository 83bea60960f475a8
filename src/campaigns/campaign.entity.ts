import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Appeal } from '../letters/letter-template.js';

export const CAMPAIGN_STATUSES = ['draft', 'live', 'paused', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** A campaign's own words in one language (beside the letter's translations in `appeal`). */
export interface CampaignText {
  title: string;
  /** absent: the default summary is shown */
  summary?: string;
}
/** Whether a campaign asks supporters for consent to further contact, and in which words (by BCP 47 locale; a default per page language otherwise). */
export interface OptInPolicy {
  enabled: boolean;
  label?: Record<string, string>;
}

/** what a supporter may write: a personal message added to the letter ("comment"), or the letter's body itself ("body"; src/letters/letter-editing.ts) */
export const LETTER_EDITING = ['comment', 'body'] as const;
export type LetterEditing = (typeof LETTER_EDITING)[number];

/** how supporters' own words are reviewed before they go out (src/moderation, docs/moderation.md) */
export const MODERATION_MODES = ['off', 'flagged', 'all'] as const;
export type ModerationMode = (typeof MODERATION_MODES)[number];
/** what a near-duplicate of an earlier personal text does: goes out, flagged ("allow"), or waits for review ("review", in modes flagged and all) */
export const DUPLICATE_POLICIES = ['allow', 'review'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];
export interface ModerationPolicy {
  /** off: nothing waits (flags are still recorded); flagged: texts that trip a rule wait; all: every personal text waits */
  mode: ModerationMode;
  /** words or phrases, matched whole and case-insensitively, that trip the "blocked-word" rule */
  blockedWords?: string[];
  /** more links than this trip the "links" rule (absent: 1) */
  maxLinks?: number;
  /** absent: "allow" */
  duplicates?: DuplicatePolicy;
}

/** keyed by BCP 47 locale, e.g. { ru: { title, summary }, ar: { title, summary } } */
export type CampaignTranslations = Record<string, CampaignText>;

export const DELIVERY_MODES = ['individual', 'digest'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
/** where an official's answer goes: the supporter (Reply-To them, as always), or relayed to the organisation (Reply-To reply+TOKEN@MAIL_DOMAIN) */
export const REPLY_MODES = ['supporter', 'relay'] as const;
export type ReplyMode = (typeof REPLY_MODES)[number];
export interface DeliveryPolicy {
  mode: DeliveryMode;
  /** per target address, across campaigns; null: no limit beyond the global one */
  maxPerTargetPerHour?: number | null;
  /** digest mode: one letter per target per this many minutes */
  digestIntervalMinutes?: number;
  /** email each supporter once their letters are all final: all delivered, or which failed */
  supporterReceipts?: boolean;
  /**
   * ISO 8601 (stored as UTC): every letter of the campaign is held until then (queued in
   * PostgreSQL, no attempt spent) while signatures are taken; null or absent: letters go at once
   */
  startAt?: string | null;
  /** absent: "supporter" (src/replies: relayed replies) */
  replies?: ReplyMode;
  /** the supporter's address on a line under the letter's signature (absent: false); in relay mode it is in no header */
  showSupporterEmail?: boolean;
  /** relay mode: a person's answer to an individual letter is sent on to its supporter (absent: false) */
  forwardReplies?: boolean;
  /**
   * office hours, in each target's time zone (src/deliveries/send-window.ts): a letter owed while
   * its official's window is closed waits for the next opening, no attempt spent; null or absent: any time
   */
  sendWindow?: { fromHour: number; toHour: number; weekdaysOnly?: boolean } | null;
}

@Entity('campaigns')
@Index('uq_campaigns_slug', ['slug'], { unique: true })
@Check('ck_campaigns_status', `status IN ('draft', 'live', 'paused', 'closed')`)
@Check('ck_campaigns_letter_editing', `letter_editing IN ('comment', 'body')`)
export class Campaign {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_campaigns' })
  id: string;

  @Column('text')
  slug: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  summary: string;

  /** title and summary by BCP 47 locale: the supporter pages, emails and public API choose by language */
  @Column('jsonb', { default: () => `'{}'` })
  translations: CampaignTranslations;

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

  /** consent to further contact: the form asks it (an unticked box with `label`, by locale) when enabled */
  @Column('jsonb', { default: () => `'{"enabled": false}'` })
  optIn: OptInPolicy;

  /** what a supporter may write: a comment added to the letter, or the letter's body (LETTER_EDITING) */
  @Column('text', { default: 'comment' })
  letterEditing: LetterEditing;

  /** review of supporters' own words before their letters go (ModerationPolicy) */
  @Column('jsonb', { default: () => `'{"mode": "off"}'` })
  moderation: ModerationPolicy;

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

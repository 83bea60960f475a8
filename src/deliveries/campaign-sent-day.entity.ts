import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Letters of a campaign sent in the hours [fromHour, toHour), as of the last roll-up: the whole
 * hours of the stats' 24-hour window, one row per campaign instead of up to 23 hour rows. Valid
 * only while toHour is the current hour (the roll-up recomputes it once the hour turns; readers
 * fall back to campaign_sent_hours for a stale row).
 */
@Entity('campaign_sent_days')
export class CampaignSentDay {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_campaign_sent_days' })
  campaignId: string;

  @Column('timestamptz')
  fromHour: Date;

  @Column('timestamptz')
  toHour: Date;

  @Column('bigint', { default: 0 })
  n: string;
}

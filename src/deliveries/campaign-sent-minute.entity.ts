import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Letters of a campaign that went out in one minute, as of the last roll-up (kept for a day). */
@Entity('campaign_sent_minutes')
/** the minutes of a time range across campaigns (the stats' windows, the chart) */
@Index('ix_campaign_sent_minutes_minute', ['minute'])
export class CampaignSentMinute {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_campaign_sent_minutes' })
  campaignId: string;

  @PrimaryColumn('timestamptz', { primaryKeyConstraintName: 'pk_campaign_sent_minutes' })
  minute: Date;

  @Column('integer', { default: 0 })
  n: number;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Letters of a campaign that went out in one hour, as of the last roll-up (kept for a day): the
 * minutes summed by hour, so "sent in the last 24 hours" reads at most 23 of these and two
 * hours of minutes per campaign, not 1,440 minutes.
 */
@Entity('campaign_sent_hours')
export class CampaignSentHour {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_campaign_sent_hours' })
  campaignId: string;

  @PrimaryColumn('timestamptz', { primaryKeyConstraintName: 'pk_campaign_sent_hours' })
  hour: Date;

  @Column('integer', { default: 0 })
  n: number;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StatKind } from './campaign-stat-delta.entity.js';

/** Rows per (campaign, signatures|deliveries, status), as of the last roll-up. */
@Entity('campaign_stat_totals')
export class CampaignStatTotal {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_campaign_stat_totals' })
  campaignId: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_campaign_stat_totals' })
  kind: Exclude<StatKind, 'sent'>;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_campaign_stat_totals' })
  status: string;

  @Column('bigint', { default: 0 })
  n: string;
}

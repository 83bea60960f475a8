import { Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Campaign } from '../campaigns/campaign.entity.js';

/**
 * One LSH band key of a fingerprinted text: the texts of a campaign that share a key are the
 * candidates a new text is compared with. The primary key (campaign, key, signature) is the
 * lookup index. Written and deleted by NearDuplicateIndex only.
 *
 * No foreign key to the signature: that would need a second index of every band row on
 * signature_id, or each purge of unconfirmed signatures would scan this table. A text's bands are
 * deleted with it by NearDuplicateIndex.forget() (their keys are recomputed from its stored
 * MinHash), and with its campaign here; candidates are always joined to text_fingerprints, so a
 * band left without its fingerprint can never flag anything.
 */
@Entity('text_bands')
export class TextBand {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_text_bands' })
  campaignId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_text_bands_campaign' })
  campaign?: Relation<Campaign>;

  /** below 2^52 (minhash.ts bandKeys); pg answers bigint as a string */
  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'pk_text_bands' })
  bandKey: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_text_bands' })
  signatureId: string;
}

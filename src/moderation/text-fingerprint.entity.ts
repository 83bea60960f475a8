import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Signature } from '../signatures/signature.entity.js';

/**
 * The MinHash signature of one supporter's own text (src/moderation/minhash.ts), kept so that
 * later texts of the campaign are compared with it. Written and deleted by NearDuplicateIndex
 * only. Goes with its signature (and so with its campaign); erasure deletes it first.
 */
@Entity('text_fingerprints')
export class TextFingerprint {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_text_fingerprints' })
  signatureId: string;

  @ManyToOne(() => Signature, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'signature_id', foreignKeyConstraintName: 'fk_text_fingerprints_signature' })
  signature?: Relation<Signature>;

  @Column('uuid')
  campaignId: string;

  /** SIGNATURE_SIZE signed 32-bit MinHash values */
  @Column('integer', { array: true })
  minhash: number[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

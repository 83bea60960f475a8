import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Signature } from './signature.entity.js';

export const TOKEN_PURPOSES = ['confirm', 'withdraw', 'unsubscribe'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/**
 * A link sent to a supporter. Only the SHA-256 of the token is stored: the token itself (256
 * random bits) exists only in the email. A signature may have several live tokens (each
 * confirmation email carries fresh ones), so a resent email never breaks an earlier one.
 */
@Entity('signature_tokens')
@Index('ix_signature_tokens_signature', ['signatureId'])
@Check('ck_signature_tokens_purpose', `purpose IN ('confirm', 'withdraw', 'unsubscribe')`)
export class SignatureToken {
  @PrimaryColumn('bytea', { primaryKeyConstraintName: 'pk_signature_tokens' })
  tokenHash: Buffer;

  @Column('uuid')
  signatureId: string;

  @ManyToOne(() => Signature, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'signature_id', foreignKeyConstraintName: 'fk_signature_tokens_signature' })
  signature?: Relation<Signature>;

  @Column('text')
  purpose: TokenPurpose;

  /** null: does not expire (withdraw links work for as long as letters may be sent) */
  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

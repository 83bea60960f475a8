import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An official who receives letters; kept in a directory and reused across campaigns. */
@Entity('targets')
@Index('uq_targets_email', ['email'], { unique: true })
export class Target {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_targets' })
  id: string;

  @Column('text')
  name: string;

  /** e.g. "Minister of Foreign Affairs" */
  @Column('text', { default: '' })
  title: string;

  /** e.g. "Russian Federation", "League of Arab States" */
  @Column('text', { default: '' })
  organization: string;

  /** ISO 3166-1 alpha-2; null for international bodies. */
  @Column('char', { length: 2, nullable: true })
  country: string | null;

  /** normalised: trimmed, lower-cased */
  @Column('text')
  email: string;

  /** BCP 47; picks the letter's translation */
  @Column('text', { default: 'en' })
  locale: string;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An official who receives letters; kept in a directory and reused across campaigns. */
@Entity('targets')
@Index('uq_targets_email', ['email'], { unique: true })
// GIN on tags (the migration makes it; TypeORM cannot describe its method)
@Index('ix_targets_tags', { synchronize: false })
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

  /**
   * IANA time zone, e.g. "Europe/Moscow": a campaign's office hours (delivery.sendWindow) are
   * read in it. Null: its country's zone when the country has only one, else UTC.
   */
  @Column('text', { nullable: true })
  timeZone: string | null;

  @Column('boolean', { default: true })
  active: boolean;

  /** lower-case labels for choosing targets in bulk, e.g. ["foreign-minister", "eu-council"] */
  @Column('text', { array: true, default: '{}' })
  tags: string[];

  /** hard bounces (5.x.x delivery status notifications) since the failing flag was last cleared */
  @Column('integer', { default: 0 })
  hardBounces: number;

  /**
   * Set when hardBounces reached BOUNCE_HARD_LIMIT: the address is failing, and the letters owed
   * to it are held (not sent, not cancelled) until a campaigner clears the flag.
   */
  @Column('timestamptz', { nullable: true })
  failingSince: Date | null;

  @Column('timestamptz', { nullable: true })
  lastBounceAt: Date | null;

  /** the last hard bounce: its status code and diagnostic, e.g. "5.1.1 smtp; 550 5.1.1 User unknown" */
  @Column('text', { nullable: true })
  lastBounceReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

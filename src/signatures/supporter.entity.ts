import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A person, identified by normalised email; one supporter signs many campaigns. */
@Entity('supporters')
@Index('uq_supporters_email', ['email'], { unique: true })
export class Supporter {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supporters' })
  id: string;

  /** normalised: trimmed, lower-cased */
  @Column('text')
  email: string;

  @Column('text')
  firstName: string;

  @Column('text')
  lastName: string;

  /** ISO 3166-1 alpha-2 */
  @Column('char', { length: 2 })
  country: string;

  @Column('text', { nullable: true })
  postcode: string | null;

  /** first time this person proved they own the address; until then a new signing may correct the name */
  @Column('timestamptz', { nullable: true })
  verifiedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

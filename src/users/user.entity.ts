import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const STAFF_ROLES = ['admin', 'campaigner'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A staff account. Admins can do everything campaigners can. */
@Entity('users')
@Index('uq_users_email', ['email'], { unique: true })
@Check('ck_users_role', `role IN ('admin', 'campaigner')`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id: string;

  @Column('text')
  email: string;

  /** scrypt$N$r$p$salt$hash */
  @Column('text')
  passwordHash: string;

  @Column('text')
  role: StaffRole;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  lastLoginAt: Date | null;

  /**
   * Moves on when the password changes or the account is deactivated: every token made before
   * (each carries the epoch it was made in) stops working at once.
   */
  @Column('integer', { default: 0 })
  sessionEpoch: number;
}

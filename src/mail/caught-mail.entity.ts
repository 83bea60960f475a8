import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A message caught by the embedded development SMTP server (when SMTP_URL is unset), shown at
 * /admin/mail. Kept in PostgreSQL so every process sees the same mailbox.
 */
@Entity('caught_mail')
@Index('ix_caught_mail_received', ['receivedAt'])
export class CaughtMail {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_caught_mail' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt: Date;

  @Column('text')
  envelopeFrom: string;

  @Column('text', { array: true })
  envelopeTo: string[];

  @Column('text', { default: '' })
  subject: string;

  /** the message as received, headers and body */
  @Column('text')
  raw: string;
}

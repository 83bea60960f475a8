import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Values the installation generates for itself (outside production: the JWT signing secret). */
@Entity('settings')
export class Setting {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_settings' })
  key: string;

  @Column('text')
  value: string;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { EMAIL_ALIAS_PATTERN } from '../domain/email-alias';
import { UnitEntity } from '../../identity/entities/unit.entity';

/** A catalog entry owned by one support unit. */
@Entity('services')
@Check('services_lead_time_check', `"target_lead_time_days" BETWEEN 0 AND 365`)
@Check('services_retention_years_check', `"retention_years" IS NULL OR "retention_years" BETWEEN 1 AND 100`)
@Index('services_support_unit_idx', ['supportUnitId', 'active'])
@Index('services_email_alias_key', ['emailAlias'], { unique: true })
@Check('services_email_alias_check', `"email_alias" ~ '${EMAIL_ALIAS_PATTERN}'`)
export class ServiceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  supportUnitId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'support_unit_id' })
  supportUnit?: UnitEntity;

  @Column('text')
  name!: string;

  @Column('text', { default: '' })
  description!: string;

  @Column('int')
  targetLeadTimeDays!: number;

  @Column('boolean', { default: true })
  active!: boolean;

  /** Mail to `<local>+<alias>@<domain>` of REPLY_ADDRESS starts a draft for this service. */
  @Column('text', { nullable: true })
  emailAlias!: string | null;
  /** Years this service keeps the personal data of its finished orders; null: RETENTION_YEARS. */
  @Column('int', { nullable: true })
  retentionYears!: number | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

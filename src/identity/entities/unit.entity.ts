import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export type UnitKind = 'core' | 'support';

/** A node in the organisation tree; roots are organisations (a shared service centre has several). */
@Entity('units')
@Check('units_kind_check', `"kind" IN ('core', 'support')`)
@Check('units_code_check', `"code" ~ '^[A-Z]{2,5}$'`)
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: UnitKind;

  /** Prefix of order references for orders delivered by this unit, e.g. COM. */
  @Index('units_code_key', { unique: true })
  @Column('text')
  code!: string;

  /** Walked down by the manager scope on every request. */
  @Index('units_parent_idx')
  @Column('uuid', { nullable: true })
  parentId!: string | null;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: UnitEntity;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

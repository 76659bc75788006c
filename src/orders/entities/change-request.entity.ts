import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Answers } from '../../catalog/domain/question';
import { OrderEntity } from './order.entity';

export interface SpecChanges {
  title?: string;
  purpose?: string;
  answers?: Answers;
}

/** A proposed change to the frozen spec; only the other side may approve it. */
@Entity('change_requests')
@Check('change_requests_status_check', `"status" IN ('open', 'approved', 'rejected')`)
@Check('change_requests_side_check', `"proposed_by_side" IN ('requester', 'deliverer')`)
@Check('change_requests_based_on_spec_check', `"based_on_spec" >= 1`)
@Index('change_requests_order_idx', ['orderId'])
export class ChangeRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  orderId!: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;

  @Column('uuid')
  proposedBy!: string;

  @Column('text')
  proposedBySide!: 'requester' | 'deliverer';

  @Column('text')
  reason!: string;

  @Column('jsonb')
  changes!: SpecChanges;

  /** The spec version the change was proposed against; approving it over a later one is stale. */
  @Column('int')
  basedOnSpec!: number;

  @Column('text', { default: 'open' })
  status!: 'open' | 'approved' | 'rejected';

  @Column('uuid', { nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('text', { nullable: true })
  decisionNote!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

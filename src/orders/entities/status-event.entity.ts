import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrderEntity } from './order.entity';

/** Append-only: one row per transition, numbered 1, 2, 3… per order (unique, so no duplicates). */
@Entity('status_events')
@Index('status_events_order_seq_key', ['orderId', 'seq'], { unique: true })
@Check('status_events_seq_check', `"seq" >= 1`)
export class StatusEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column('uuid')
  orderId!: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;

  @Column('int')
  seq!: number;

  @Column('text', { nullable: true })
  fromStatus!: string | null;

  @Column('text')
  toStatus!: string;

  @Column('text')
  action!: string;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;
}

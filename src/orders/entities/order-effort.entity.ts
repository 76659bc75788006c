import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrderEntity } from './order.entity';

/** Minutes a deliverer spent on an order; several entries an order. With a unit's hourly cost they give its cost. */
@Entity('order_efforts')
@Index('order_efforts_order_idx', ['orderId'])
@Check('order_efforts_minutes_check', `"minutes" BETWEEN 1 AND 1440`)
export class OrderEffortEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  orderId!: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;

  @Column('uuid')
  authorId!: string;

  @Column('int')
  minutes!: number;

  @Column('text', { nullable: true })
  note!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

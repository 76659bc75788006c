import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrderEntity } from './order.entity';

/** One deliverable derived from the frozen spec; delivery needs every item done. */
@Entity('checklist_items')
@Index('checklist_items_order_position_key', ['orderId', 'position'], { unique: true })
export class ChecklistItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  orderId!: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;

  @Column('int')
  position!: number;

  @Column('text')
  label!: string;

  @Column('boolean', { default: false })
  done!: boolean;

  @Column('uuid', { nullable: true })
  doneBy!: string | null;

  @Column('timestamptz', { nullable: true })
  doneAt!: Date | null;
}

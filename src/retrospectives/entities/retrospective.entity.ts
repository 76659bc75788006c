import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrderEntity } from '../../orders/entities/order.entity';

/** The delivering unit's look back at an order: outcome against the stated purpose. */
@Entity('retrospectives')
@Index('retrospectives_order_key', ['orderId'], { unique: true })
export class RetrospectiveEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  orderId!: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;

  @Column('uuid')
  authorId!: string;

  @Column('text')
  outcome!: string;

  @Column('text')
  purposeAssessment!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

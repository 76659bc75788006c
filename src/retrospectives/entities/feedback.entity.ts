import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrderEntity } from '../../orders/entities/order.entity';

/** The requester's verdict on a delivered order. */
@Entity('feedback')
@Index('feedback_order_key', ['orderId'], { unique: true })
@Check('feedback_satisfaction_check', `"satisfaction" BETWEEN 1 AND 5`)
@Check('feedback_purpose_check', `"purpose_achieved" IN ('yes', 'partly', 'no')`)
export class FeedbackEntity {
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
  satisfaction!: number;

  @Column('text')
  purposeAchieved!: 'yes' | 'partly' | 'no';

  @Column('text', { nullable: true })
  comment!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

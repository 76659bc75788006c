import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Answers } from '../../catalog/domain/question';
import { OrderEntity } from './order.entity';

/** A question, professional advice or answer exchanged about an order. */
@Entity('consultation_messages')
@Check('consultation_messages_kind_check', `"kind" IN ('question', 'advice', 'answer')`)
@Check('consultation_messages_side_check', `"side" IN ('requester', 'deliverer')`)
@Check('consultation_messages_decision_check', `"decision" IS NULL OR "decision" IN ('followed', 'kept_original')`)
@Index('consultation_messages_order_idx', ['orderId', 'createdAt'])
export class ConsultationMessageEntity {
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
  side!: 'requester' | 'deliverer';

  @Column('text')
  kind!: 'question' | 'advice' | 'answer';

  @Column('text')
  body!: string;

  @Column('jsonb', { nullable: true })
  suggestedAnswers!: Answers | null;

  /** For advice: what the requester did with it. */
  @Column('text', { nullable: true })
  decision!: 'followed' | 'kept_original' | null;

  @Column('text', { nullable: true })
  decisionReason!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Answers } from '../../catalog/domain/question';
import type { MessageChannel, MessageKind } from '../domain/message-kinds';
import { OrderEntity } from './order.entity';

/** A message on an order: a question, professional advice, an answer, a comment, or an internal note. */
@Entity('consultation_messages')
@Check('consultation_messages_kind_check', `"kind" IN ('question', 'advice', 'answer', 'comment', 'internal')`)
@Check('consultation_messages_channel_check', `"channel" IN ('web', 'email', 'api')`)
@Check('consultation_messages_internal_side_check', `"kind" <> 'internal' OR "side" = 'deliverer'`)
@Check('consultation_messages_suggestions_check', `"suggested_answers" IS NULL OR "kind" = 'advice'`)
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
  kind!: MessageKind;

  /** How it was written: on the pages, through the API, or by mail. */
  @Column('text', { default: 'web' })
  channel!: MessageChannel;

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

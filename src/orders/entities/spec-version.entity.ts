import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Answers } from '../../catalog/domain/question';
import { OrderEntity } from './order.entity';

/** An immutable snapshot of what was ordered; the latest one is "what was ordered". */
@Entity('spec_versions')
@Index('spec_versions_order_number_key', ['orderId', 'number'], { unique: true })
export class SpecVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  orderId!: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;

  @Column('int')
  number!: number;

  @Column('text')
  title!: string;

  @Column('text')
  purpose!: string;

  @Column('date', { nullable: true })
  desiredDate!: string | null;

  @Column('jsonb')
  answers!: Answers;

  @Column('uuid')
  questionnaireId!: string;

  @Column('int')
  questionnaireVersion!: number;

  /** SHA-256 of the canonical JSON of the five fields above. */
  @Column('text')
  contentHash!: string;

  @Column('uuid', { nullable: true })
  changeRequestId!: string | null;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

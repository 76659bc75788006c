import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ServiceEntity } from '../../catalog/entities/service.entity';
import { UnitEntity } from '../../identity/entities/unit.entity';
import { OrderEntity } from '../../orders/entities/order.entity';

export const RECOMMENDATION_CATEGORIES = ['timing', 'purpose', 'scope', 'channel', 'audience', 'format', 'questionnaire', 'other'] as const;
export type RecommendationCategory = (typeof RECOMMENDATION_CATEGORIES)[number];
export type RecommendationStatus = 'open' | 'adopted' | 'declined' | 'expired';

/** What the delivering unit recommends the requesting unit change next time, and why. */
@Entity('recommendations')
@Check(
  'recommendations_category_check',
  `"category" IN ('timing', 'purpose', 'scope', 'channel', 'audience', 'format', 'questionnaire', 'other')`,
)
@Check('recommendations_status_check', `"status" IN ('open', 'adopted', 'declined', 'expired')`)
@Check('recommendations_declined_reason_check', `"status" <> 'declined' OR "decision_reason" IS NOT NULL`)
@Index('recommendations_target_idx', ['targetUnitId', 'status'])
@Index('recommendations_source_idx', ['sourceOrderId'])
export class RecommendationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The delivered order whose retrospective made this recommendation. */
  @Column('uuid')
  sourceOrderId!: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_order_id' })
  sourceOrder?: OrderEntity;

  @Column('uuid')
  supportUnitId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'support_unit_id' })
  supportUnit?: UnitEntity;

  @Column('uuid')
  targetUnitId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_unit_id' })
  targetUnit?: UnitEntity;

  @Column('uuid', { nullable: true })
  targetServiceId!: string | null;

  @ManyToOne(() => ServiceEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'target_service_id' })
  targetService?: ServiceEntity;

  @Column('text')
  text!: string;

  @Column('text')
  rationale!: string;

  @Column('text')
  category!: RecommendationCategory;

  @Column('text', { default: 'open' })
  status!: RecommendationStatus;

  @Column('uuid', { nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('text', { nullable: true })
  decisionReason!: string | null;

  /** The draft on which the decision was taken. */
  @Column('uuid', { nullable: true })
  decidedOnOrderId!: string | null;

  @Column('timestamptz')
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

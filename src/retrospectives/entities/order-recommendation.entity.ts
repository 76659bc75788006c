import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrderEntity } from '../../orders/entities/order.entity';
import { RecommendationEntity } from './recommendation.entity';

/** A recommendation shown on a draft; submit needs a decision on each one still open. */
@Entity('order_recommendations')
export class OrderRecommendationEntity {
  @PrimaryColumn('uuid')
  orderId!: string;

  @PrimaryColumn('uuid')
  recommendationId!: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;

  @ManyToOne(() => RecommendationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recommendation_id' })
  recommendation?: RecommendationEntity;

  @Column('timestamptz', { default: () => 'now()' })
  shownAt!: Date;
}

import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ORDER_EVENT_TYPES } from '../order-events';

/**
 * One published event, written in the transaction of the change it describes. Work that may
 * happen later (mail, webhooks) reads the undispatched rows after the commit and marks them.
 */
@Entity('outbox_events')
@Check('outbox_events_type_check', `"type" IN (${ORDER_EVENT_TYPES.map((t) => `'${t}'`).join(', ')})`)
@Index('outbox_events_undispatched_idx', ['occurredAt'], { where: '"dispatched_at" IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  type!: string;

  @Column('uuid', { nullable: true })
  orderId!: string | null;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt!: Date;

  @Column('timestamptz', { nullable: true })
  dispatchedAt!: Date | null;

  /** The X-Request-Id of the request that published it; null for the system's own work. */
  @Column('text', { nullable: true })
  requestId!: string | null;
}

import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Answers } from '../../catalog/domain/question';
import { QuestionnaireEntity } from '../../catalog/entities/questionnaire.entity';
import { ServiceEntity } from '../../catalog/entities/service.entity';
import { UnitEntity } from '../../identity/entities/unit.entity';
import { UserEntity } from '../../identity/entities/user.entity';
import type { OrderStatus } from '../domain/order-lifecycle';
import type { StopReason } from '../domain/stop-reasons';

export const ORDER_STATUS_CHECK = `"status" IN ('draft', 'submitted', 'in_consultation', 'confirmed', 'in_progress', 'on_hold', 'delivered', 'accepted', 'closed', 'cancelled')`;

/** One request from a requesting unit to a service. */
export const ORDER_CHANNELS = ['web', 'email', 'api'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

@Entity('orders')
@Check('orders_status_check', ORDER_STATUS_CHECK)
@Check('orders_version_check', `"version" >= 1`)
@Check('orders_purpose_check', `length("purpose") >= 1`)
@Check('orders_channel_check', `"channel" IN ('web', 'email', 'api')`)
@Check(
  'orders_stopped_by_check',
  `"stopped_by" IN ('no_longer_needed', 'found_another_way', 'questions_too_hard', 'takes_too_long', 'other')`,
)
@Index('orders_reference_key', ['reference'], { unique: true })
// Each list's filter, then its page order (created_at DESC, id DESC, walked backwards).
@Index('orders_support_unit_page_idx', ['supportUnitId', 'status', 'createdAt', 'id'])
@Index('orders_requester_unit_page_idx', ['requesterUnitId', 'status', 'createdAt', 'id'])
@Index('orders_requester_page_idx', ['requesterId', 'createdAt', 'id'])
@Index('orders_service_page_idx', ['serviceId', 'createdAt', 'id'])
@Index('orders_assignee_page_idx', ['assigneeId', 'createdAt', 'id'])
// The order list pages newest first (keyset on created_at, id).
@Index('orders_created_idx', ['createdAt', 'id'])
// Counting overdue orders (metrics, the overdue sweep, `overdue=true`) reads the few in work only.
@Index('orders_in_work_due_idx', ['dueDate'], { where: `"status" IN ('confirmed', 'in_progress')` })
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** e.g. COM-2026-0042: support unit code, year, gap-free sequence per unit and year. */
  @Column('text')
  reference!: string;

  @Column('uuid')
  serviceId!: string;

  @ManyToOne(() => ServiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_id' })
  service?: ServiceEntity;

  /** The delivering unit (the service's owner), kept on the order so access checks need no join. */
  @Column('uuid')
  supportUnitId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'support_unit_id' })
  supportUnit?: UnitEntity;

  @Column('uuid')
  requesterUnitId!: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requester_unit_id' })
  requesterUnit?: UnitEntity;

  @Column('uuid')
  requesterId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requester_id' })
  requester?: UserEntity;

  /** The questionnaire version the answers were given with. */
  @Column('uuid')
  questionnaireId!: string;

  @ManyToOne(() => QuestionnaireEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'questionnaire_id' })
  questionnaire?: QuestionnaireEntity;

  @Column('text')
  title!: string;

  @Column('text')
  purpose!: string;

  @Column('date', { nullable: true })
  desiredDate!: string | null;

  @Column('jsonb')
  answers!: Answers;

  @Column('text', { default: 'draft' })
  status!: OrderStatus;

  @Column('uuid', { nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: UserEntity;

  @Column('date', { nullable: true })
  dueDate!: string | null;

  @Column('uuid', { nullable: true })
  copyOfId!: string | null;

  /** How the draft was started: on the web pages, by mail, or through the API. */
  @Column('text', { default: 'web' })
  channel!: OrderChannel;

  /** The requester's answer to "what stopped you?" when they cancelled (optional). */
  @Column('text', { nullable: true })
  stoppedBy!: StopReason | null;

  @Column('text', { nullable: true })
  deliveryNote!: string | null;

  /** The deliverer's professional view; shown to the requester, never blocks delivery. */
  @Column('text', { nullable: true })
  professionalNote!: string | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column('timestamptz', { nullable: true })
  submittedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  confirmedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  acceptedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  /** When retention removed the order's personal data and files (issue 27). */
  @Column('timestamptz', { nullable: true })
  retainedAt!: Date | null;
}

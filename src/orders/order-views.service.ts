import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../identity/access/actor';
import { RecommendationsService, RecommendationView } from '../retrospectives/recommendations.service';
import { allowedActions, OrderAction } from './domain/order-lifecycle';
import { ChangeRequestEntity } from './entities/change-request.entity';
import { ChecklistItemEntity } from './entities/checklist-item.entity';
import { ConsultationMessageEntity } from './entities/consultation-message.entity';
import { OrderEntity } from './entities/order.entity';
import { SpecVersionEntity } from './entities/spec-version.entity';
import { rolesOn } from './order-access';

export interface OrderSummary {
  id: string;
  reference: string;
  serviceId: string;
  supportUnitId: string;
  requesterUnitId: string;
  requesterId: string;
  title: string;
  purpose: string;
  desiredDate: string | null;
  status: OrderEntity['status'];
  assigneeId: string | null;
  dueDate: string | null;
  overdue: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

export interface OrderView extends OrderSummary {
  answers: OrderEntity['answers'];
  questionnaireId: string;
  copyOfId: string | null;
  deliveryNote: string | null;
  professionalNote: string | null;
  deliveredAt: Date | null;
  acceptedAt: Date | null;
  closedAt: Date | null;
  specVersions: SpecVersionEntity[];
  checklist: ChecklistItemEntity[];
  messages: ConsultationMessageEntity[];
  changeRequests: ChangeRequestEntity[];
  recommendations: RecommendationView[];
  /** What the caller may do next, from the lifecycle table: a hint for user interfaces. */
  allowedActions: OrderAction[];
}

const ACTIVE_FOR_SLA = new Set(['confirmed', 'in_progress']);

export function isOverdue(order: Pick<OrderEntity, 'dueDate' | 'status'>, today = new Date().toISOString().slice(0, 10)): boolean {
  return order.dueDate !== null && ACTIVE_FOR_SLA.has(order.status) && order.dueDate < today;
}

export function orderSummary(o: OrderEntity): OrderSummary {
  return {
    id: o.id,
    reference: o.reference,
    serviceId: o.serviceId,
    supportUnitId: o.supportUnitId,
    requesterUnitId: o.requesterUnitId,
    requesterId: o.requesterId,
    title: o.title,
    purpose: o.purpose,
    desiredDate: o.desiredDate,
    status: o.status,
    assigneeId: o.assigneeId,
    dueDate: o.dueDate,
    overdue: isOverdue(o),
    version: o.version,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    submittedAt: o.submittedAt,
  };
}

/** Assembles the whole order as the API and the web pages show it. */
@Injectable()
export class OrderViews {
  constructor(
    private readonly db: DataSource,
    private readonly recommendations: RecommendationsService,
  ) {}

  async full(actor: Actor, order: OrderEntity, m: EntityManager = this.db.manager): Promise<OrderView> {
    // One after another: inside a transaction they share one connection.
    const specVersions = await m.find(SpecVersionEntity, { where: { orderId: order.id }, order: { number: 'ASC' } });
    const checklist = await m.find(ChecklistItemEntity, { where: { orderId: order.id }, order: { position: 'ASC' } });
    const messages = await m.find(ConsultationMessageEntity, { where: { orderId: order.id }, order: { createdAt: 'ASC' } });
    const changeRequests = await m.find(ChangeRequestEntity, { where: { orderId: order.id }, order: { createdAt: 'ASC' } });
    const recommendations = await this.recommendations.shownOn(order.id, m);
    const roles = rolesOn(actor, order);
    return {
      ...orderSummary(order),
      answers: order.answers,
      questionnaireId: order.questionnaireId,
      copyOfId: order.copyOfId,
      deliveryNote: order.deliveryNote,
      professionalNote: order.professionalNote,
      deliveredAt: order.deliveredAt,
      acceptedAt: order.acceptedAt,
      closedAt: order.closedAt,
      specVersions,
      checklist,
      messages,
      changeRequests,
      recommendations,
      allowedActions: [...new Set(roles.flatMap((r) => allowedActions(order.status, r)))],
    };
  }
}

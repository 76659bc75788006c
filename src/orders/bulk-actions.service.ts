import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { Problem, problemFromDomainError } from '../common/problem-details.filter';
import type { Actor } from '../identity/access/actor';
import { DeliveryService } from './delivery.service';
import type { OrderView } from './order-views.service';
import { BulkAction, BulkDto } from './orders.dto';

export interface BulkResult {
  id: string;
  /** The HTTP status this item alone would have had on its own route. */
  status: number;
  order?: OrderView;
  problem?: Problem;
}

/**
 * One action on many orders from the queue: each order through the same service call its own
 * route makes, in a transaction of its own, so one stale or refused order answers for itself and
 * does not stop the others.
 */
@Injectable()
export class BulkActions {
  private readonly log = new Logger(BulkActions.name);

  constructor(private readonly delivery: DeliveryService) {}

  async run(actor: Actor, dto: BulkDto): Promise<{ results: BulkResult[] }> {
    if (dto.action === 'assign' && dto.assigneeId === undefined) {
      throw DomainError.validation([{ pointer: '/assigneeId', code: 'required', detail: 'is needed to assign (null unassigns)' }]);
    }
    const seen = new Set<string>();
    const results: BulkResult[] = [];
    for (const item of dto.items) {
      if (seen.has(item.id)) {
        throw DomainError.validation([{ pointer: '/items', code: 'duplicateChoice', detail: 'names each order once' }]);
      }
      seen.add(item.id);
    }
    // One after another: the orders share the unit's rows (sequences, assignees), and a queue's
    // bulk action is tens of orders, not thousands.
    for (const item of dto.items) {
      try {
        const order = await this.one(actor, dto.action, item.id, item.version, dto.assigneeId ?? null);
        results.push({ id: item.id, status: 200, order });
      } catch (error) {
        if (!(error instanceof DomainError)) {
          this.log.error({ err: error, orderId: item.id }, `bulk ${dto.action} failed`);
          throw error;
        }
        const problem = { ...problemFromDomainError(error), instance: `/api/v1/orders/${item.id}/${dto.action}` };
        results.push({ id: item.id, status: problem.status, problem });
      }
    }
    return { results };
  }

  private one(actor: Actor, action: BulkAction, id: string, version: number, assigneeId: string | null): Promise<OrderView> {
    switch (action) {
      case 'assign':
        return this.delivery.assign(actor, id, version, assigneeId);
      case 'accept':
        return this.delivery.accept(actor, id, version, assigneeId ?? undefined);
      case 'start':
        return this.delivery.start(actor, id, version);
    }
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ServiceNotesService, type ServiceNoteView } from '../catalog/service-notes.service';
import { DomainError } from '../common/domain-error';
import type { Actor } from '../identity/access/actor';
import { DeclinedRecommendation, ServicePattern, servicePatterns, UnachievedPurpose } from './domain/loop-patterns';
import { DECLINED_RECOMMENDATIONS_SQL, PURPOSES_NOT_ACHIEVED_SQL } from './read-models';

export interface LoopPatternsView {
  supportUnitId: string;
  services: Array<ServicePattern & { notes: ServiceNoteView[] }>;
}

/**
 * What a support unit's manager should look at next: per service, the recommendations that keep
 * being declined and the purposes that keep not being achieved, with the orders (and their
 * retrospectives) behind them and the decisions already recorded on the service.
 */
@Injectable()
export class LoopPatternsService {
  constructor(
    private readonly db: DataSource,
    private readonly notes: ServiceNotesService,
  ) {}

  async patterns(actor: Actor, supportUnitId: string): Promise<LoopPatternsView> {
    if (!actor.isAdmin && !actor.managedUnitIds.includes(supportUnitId)) {
      throw new DomainError('forbidden', 'Only a manager of this support unit (or an admin) reads its patterns.');
    }
    const [declinedRows, unachievedRows] = await Promise.all([
      this.db.query(DECLINED_RECOMMENDATIONS_SQL, [supportUnitId]),
      this.db.query(PURPOSES_NOT_ACHIEVED_SQL, [supportUnitId]),
    ]);
    const declined: DeclinedRecommendation[] = (declinedRows as Array<Record<string, string | null>>).map((r) => ({
      serviceId: r.service_id!,
      service: r.service!,
      recommendationId: r.id!,
      text: r.text!,
      reason: r.reason,
      orderId: r.order_id!,
      reference: r.reference!,
    }));
    const notAchieved: UnachievedPurpose[] = (unachievedRows as Array<Record<string, string | null>>).map((r) => ({
      serviceId: r.service_id!,
      service: r.service!,
      orderId: r.order_id!,
      reference: r.reference!,
      title: r.title!,
      purpose: r.purpose!,
      outcome: r.outcome,
    }));
    const patterns = servicePatterns(declined, notAchieved);
    const notes = await this.notes.listFor(patterns.map((p) => p.serviceId));
    return { supportUnitId, services: patterns.map((p) => ({ ...p, notes: notes.get(p.serviceId) ?? [] })) };
  }
}

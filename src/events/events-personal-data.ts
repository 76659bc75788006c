import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalDataHolder, PersonalDataRegistry, RetentionCounts } from '../privacy/personal-data';

/**
 * The outbox's part of retention. Event payloads carry people's ids (pseudonymous once a person
 * is erased), the order's title and the names of files added; once an order is retained its
 * events, long since relayed, go too. Nothing here is exported or erased: ids only.
 */
@Injectable()
export class EventsPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = {};

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportOf(): Promise<Record<string, unknown>> {
    return {};
  }

  async erase(): Promise<void> {}

  async retire(m: EntityManager, orderIds: string[], dryRun: boolean): Promise<RetentionCounts> {
    const [{ n }] = await m.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE order_id = ANY($1::uuid[]) AND dispatched_at IS NOT NULL`,
      [orderIds],
    );
    if (!dryRun) await m.query(`DELETE FROM outbox_events WHERE order_id = ANY($1::uuid[]) AND dispatched_at IS NOT NULL`, [orderIds]);
    return { events: n };
  }
}

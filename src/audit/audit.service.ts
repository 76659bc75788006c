import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  ip?: string | null;
  requestId?: string | null;
}

/**
 * The one writer of `audit_events`. Callers pass their transaction's manager so the audit
 * row commits or rolls back together with the change it records.
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events (actor_id, action, entity, entity_id, before, after, ip, request_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp())`,
      [
        entry.actorId,
        entry.action,
        entry.entity,
        entry.entityId ?? null,
        entry.before ? JSON.stringify(entry.before) : null,
        entry.after ? JSON.stringify(entry.after) : null,
        entry.ip ?? null,
        entry.requestId ?? null,
      ],
    );
  }

  /** An entity's audit trail in time order, with the exact time in microseconds for merging with other logs. */
  async trailOf(
    manager: EntityManager,
    entity: string,
    entityId: string,
  ): Promise<Array<{ at: Date; micros: bigint; action: string; actorId: string | null; note: string | null }>> {
    const rows: Array<{ at: Date; micros: string; action: string; actor_id: string | null; note: string | null }> = await manager.query(
      `SELECT at, (extract(epoch FROM at) * 1000000)::bigint::text AS micros, action, actor_id, after->>'note' AS note
         FROM audit_events WHERE entity = $1 AND entity_id = $2 ORDER BY at, id`,
      [entity, entityId],
    );
    return rows.map((r) => ({ at: r.at, micros: BigInt(r.micros), action: r.action, actorId: r.actor_id, note: r.note }));
  }

  async forEntity(manager: EntityManager, entity: string, entityId: string): Promise<AuditEventEntity[]> {
    return manager.find(AuditEventEntity, { where: { entity, entityId }, order: { at: 'ASC', id: 'ASC' } });
  }

  /**
   * The audit log for admins, newest first, filtered; a page at a time by `beforeId` (the last
   * row's id). Dates are whole UTC days, both inclusive.
   */
  async search(
    manager: EntityManager,
    filter: AuditFilter,
    limit = 50,
  ): Promise<{ items: AuditEventEntity[]; nextBeforeId: string | null }> {
    const found: Array<{ id: string }> = await manager.query(
      `SELECT id FROM audit_events
        WHERE ($1::uuid IS NULL OR actor_id = $1) AND ($2::text IS NULL OR entity = $2) AND ($3::text IS NULL OR action = $3)
          AND ($4::date IS NULL OR at >= $4::date) AND ($5::date IS NULL OR at < $5::date + 1)
          AND ($6::bigint IS NULL OR id < $6)
        ORDER BY id DESC LIMIT $7`,
      [
        filter.actorId ?? null,
        filter.entity ?? null,
        filter.action ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.beforeId ?? null,
        limit + 1,
      ],
    );
    const byId = new Map(
      (found.length ? await manager.findBy(AuditEventEntity, { id: In(found.map((r) => r.id)) }) : []).map((e) => [String(e.id), e]),
    );
    const rows = found.map((r) => byId.get(String(r.id))!);
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    return { items, nextBeforeId: more ? String(items.at(-1)!.id) : null };
  }
}

export interface AuditFilter {
  actorId?: string;
  entity?: string;
  action?: string;
  /** YYYY-MM-DD */
  from?: string;
  to?: string;
  beforeId?: string;
}

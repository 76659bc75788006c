import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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
}

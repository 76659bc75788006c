import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface StoredEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * The outbox seen from after the commit: the relay claims undispatched rows (SKIP LOCKED, so
 * instances share them) and marks them dispatched in its own transaction; jobs read an event
 * by id. Nothing here runs under an order's row lock.
 */
@Injectable()
export class Outbox {
  constructor(private readonly db: DataSource) {}

  /**
   * Locks up to `limit` undispatched events, oldest first, skipping those another relay holds;
   * each with the id of the request that published it, if one did.
   */
  async claimUndispatched(m: EntityManager, limit: number): Promise<{ id: string; requestId: string | null }[]> {
    return m.query(
      `SELECT id, request_id AS "requestId" FROM outbox_events WHERE dispatched_at IS NULL
        ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markDispatched(m: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await m.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::uuid[])', [ids]);
  }

  async find(id: string): Promise<StoredEvent | null> {
    const [row] = await this.db.query('SELECT id, type, payload, occurred_at AS "occurredAt" FROM outbox_events WHERE id = $1', [id]);
    return row ?? null;
  }
}

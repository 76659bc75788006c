import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry } from '../privacy/personal-data';

/** What stands in for the person's name and address where an audit event recorded them. */
const ERASED = 'Former user';

/**
 * Audit's part of export and erasure. Audit events stay append-only; an erasure alone may
 * blank what they recorded about the person (the database allows it under `app.erasure`,
 * migration 1795900000000): who did what to which entity, and when, stays.
 */
@Injectable()
export class AuditPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = { audit_events: ['actor_id', 'entity_id', 'ip'] };

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportOf(m: EntityManager, s: DataSubject): Promise<Record<string, unknown>> {
    // About them, in full; by them, what they did without what it changed (that is about others).
    const aboutThem = await m.query(
      `SELECT at, action, entity, entity_id AS "entityId", before, after FROM audit_events
        WHERE entity = 'user' AND entity_id = $1 ORDER BY id`,
      [s.userId],
    );
    const byThem = await m.query(
      `SELECT at, action, entity, entity_id AS "entityId", ip FROM audit_events WHERE actor_id = $1 ORDER BY id`,
      [s.userId],
    );
    return { auditEventsAboutYou: aboutThem, auditEventsByYou: byThem };
  }

  async erase(m: EntityManager, s: DataSubject): Promise<void> {
    await m.query(`SET LOCAL app.erasure = 'on'`);
    await m.query(`UPDATE audit_events SET before = NULL, after = NULL, ip = NULL WHERE entity = 'user' AND entity_id = $1`, [s.userId]);
    await m.query(`UPDATE audit_events SET ip = NULL WHERE actor_id = $1 AND ip IS NOT NULL`, [s.userId]);
    // Elsewhere (a failed sign-in typed with their address, a change that named them) the name
    // and address are replaced where they stand, as JSON strings.
    for (const value of [s.email, s.name]) {
      const needle = JSON.stringify(value).slice(1, -1);
      await m.query(
        `UPDATE audit_events SET before = replace(before::text, $1, $2)::jsonb, after = replace(after::text, $1, $2)::jsonb
          WHERE strpos(before::text, $1) > 0 OR strpos(after::text, $1) > 0`,
        [needle, ERASED],
      );
    }
    await m.query(`SET LOCAL app.erasure = 'off'`);
  }
}

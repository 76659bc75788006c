import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import type { Actor } from '../identity/access/actor';
import { CatalogService, canManageUnit } from './catalog.service';
import type { ServiceDecision } from './domain/service-decisions';

export interface ServiceNoteView {
  id: string;
  serviceId: string;
  decision: ServiceDecision;
  text: string;
  authorId: string;
  createdAt: Date;
}

interface NoteRow {
  id: string;
  service_id: string;
  decision: ServiceDecision;
  text: string;
  author_id: string;
  created_at: Date;
}

const view = (r: NoteRow): ServiceNoteView => ({
  id: r.id,
  serviceId: r.service_id,
  decision: r.decision,
  text: r.text,
  authorId: r.author_id,
  createdAt: r.created_at,
});

/**
 * What the management decided about a service, as notes on it: written by an admin or a manager
 * of the owning support unit (who may change the service), audited, read by anyone signed in.
 */
@Injectable()
export class ServiceNotesService {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly audit: AuditService,
  ) {}

  async add(actor: Actor, serviceId: string, note: { decision: ServiceDecision; text: string }): Promise<ServiceNoteView> {
    return this.db.transaction(async (m) => {
      const service = await this.catalog.get(serviceId, m);
      if (!canManageUnit(actor, service.supportUnitId)) {
        throw new DomainError('forbidden', 'Only an admin or a manager of the owning support unit may record a decision on its service.');
      }
      const [row]: NoteRow[] = await m.query(
        `INSERT INTO service_notes (service_id, author_id, decision, text) VALUES ($1, $2, $3, $4)
         RETURNING id, service_id, decision, text, author_id, created_at`,
        [serviceId, actor.userId, note.decision, note.text.trim()],
      );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'service.note_added',
        entity: 'service',
        entityId: serviceId,
        after: { noteId: row.id, decision: note.decision },
      });
      return view(row);
    });
  }

  /** Newest first, for one service (404 when it does not exist). */
  async list(serviceId: string): Promise<ServiceNoteView[]> {
    await this.catalog.get(serviceId);
    return (await this.listFor([serviceId])).get(serviceId) ?? [];
  }

  /** Newest first, per service, in one query. */
  async listFor(serviceIds: string[]): Promise<Map<string, ServiceNoteView[]>> {
    const result = new Map<string, ServiceNoteView[]>();
    if (!serviceIds.length) return result;
    const rows: NoteRow[] = await this.db.query(
      `SELECT id, service_id, decision, text, author_id, created_at FROM service_notes
        WHERE service_id = ANY($1::uuid[]) ORDER BY created_at DESC, id LIMIT 1000`,
      [serviceIds],
    );
    for (const r of rows) {
      if (!result.has(r.service_id)) result.set(r.service_id, []);
      result.get(r.service_id)!.push(view(r));
    }
    return result;
  }
}

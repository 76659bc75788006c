import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry } from '../privacy/personal-data';

/**
 * Ideas' part of export and erasure. An idea and its answer are the organisation's record of
 * what its customers asked and what the unit decided: they stay, their author and answerer
 * named "Former user" after an erasure. A support is the person's own voice: it goes.
 */
@Injectable()
export class IdeasPersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = { ideas: ['author_id', 'responded_by'], idea_supports: ['user_id'], idea_links: ['created_by'] };

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportOf(m: EntityManager, s: DataSubject): Promise<Record<string, unknown>> {
    const [ideasRaised, ideasSupported, ideasAnswered, ideaLinks] = await Promise.all([
      m.query(
        `SELECT id, support_unit_id AS "supportUnitId", service_id AS "serviceId", title, body, status, created_at AS "createdAt"
           FROM ideas WHERE author_id = $1 ORDER BY created_at, id`,
        [s.userId],
      ),
      m.query(`SELECT idea_id AS "ideaId", created_at AS "supportedAt" FROM idea_supports WHERE user_id = $1 ORDER BY created_at`, [
        s.userId,
      ]),
      m.query(`SELECT id, status AS decision, reason FROM ideas WHERE responded_by = $1 ORDER BY created_at, id`, [s.userId]),
      m.query(
        `SELECT id, idea_id AS "ideaId", kind, note, created_at AS "createdAt" FROM idea_links WHERE created_by = $1 ORDER BY created_at`,
        [s.userId],
      ),
    ]);
    return { ideasRaised, ideasSupported, ideasAnswered, ideaLinks };
  }

  async erase(m: EntityManager, s: DataSubject): Promise<void> {
    await m.query('DELETE FROM idea_supports WHERE user_id = $1', [s.userId]);
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSubject, PersonalDataHolder, PersonalDataRegistry } from '../privacy/personal-data';

/** Saved queue views: the person's own working tools, exported and gone with them (shared ones too). */
@Injectable()
export class WorkspacePersonalData implements PersonalDataHolder, OnModuleInit {
  readonly tables = { saved_views: ['owner_id', 'name'] };

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async exportOf(m: EntityManager, s: DataSubject): Promise<Record<string, unknown>> {
    return {
      savedViews: await m.query(
        `SELECT id, name, filters, unit_id AS "unitId", created_at AS "createdAt" FROM saved_views WHERE owner_id = $1 ORDER BY created_at, id`,
        [s.userId],
      ),
    };
  }

  async erase(m: EntityManager, s: DataSubject): Promise<void> {
    await m.query('DELETE FROM saved_views WHERE owner_id = $1', [s.userId]);
  }
}

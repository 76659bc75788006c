import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError, invalid } from '../common/domain-error';
import type { Actor } from '../identity/access/actor';
import { IdentityFacade } from '../identity/identity.facade';

export interface UnitCostView {
  unitId: string;
  /** What an hour of the support unit's work costs (in the organisation's currency); null: not set. */
  hourlyCost: number | null;
  updatedAt: Date | null;
}

/**
 * A support unit's hourly cost, set by its manager (or an admin): with the effort logged on
 * orders it gives the report's cost per order. Kept beside the report, which is its one reader.
 */
@Injectable()
export class UnitCostsService {
  constructor(
    private readonly db: DataSource,
    private readonly identity: IdentityFacade,
    private readonly audit: AuditService,
  ) {}

  async get(actor: Actor, unitId: string): Promise<UnitCostView> {
    await this.ledSupportUnit(actor, unitId);
    const [row]: Array<{ hourly_cost: string; updated_at: Date }> = await this.db.query(
      `SELECT hourly_cost, updated_at FROM unit_hourly_costs WHERE unit_id = $1`,
      [unitId],
    );
    return { unitId, hourlyCost: row ? Number(row.hourly_cost) : null, updatedAt: row?.updated_at ?? null };
  }

  async set(actor: Actor, unitId: string, hourlyCost: number | null): Promise<UnitCostView> {
    await this.ledSupportUnit(actor, unitId);
    return this.db.transaction(async (m) => {
      const [before]: Array<{ hourly_cost: string }> = await m.query(
        `SELECT hourly_cost FROM unit_hourly_costs WHERE unit_id = $1 FOR UPDATE`,
        [unitId],
      );
      if (hourlyCost === null) await m.query(`DELETE FROM unit_hourly_costs WHERE unit_id = $1`, [unitId]);
      else
        await m.query(
          `INSERT INTO unit_hourly_costs (unit_id, hourly_cost, updated_by, updated_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (unit_id) DO UPDATE SET hourly_cost = EXCLUDED.hourly_cost, updated_by = EXCLUDED.updated_by, updated_at = now()`,
          [unitId, hourlyCost, actor.userId],
        );
      await this.audit.record(m, {
        actorId: actor.userId,
        action: 'unit.hourly_cost',
        entity: 'unit',
        entityId: unitId,
        before: { hourlyCost: before ? Number(before.hourly_cost) : null },
        after: { hourlyCost },
      });
      const [row]: Array<{ updated_at: Date }> = await m.query(`SELECT updated_at FROM unit_hourly_costs WHERE unit_id = $1`, [unitId]);
      return { unitId, hourlyCost, updatedAt: row?.updated_at ?? null };
    });
  }

  /** Hourly costs of every support unit that has one. */
  async all(): Promise<Map<string, number>> {
    const rows: Array<{ unit_id: string; hourly_cost: string }> = await this.db.query(`SELECT unit_id, hourly_cost FROM unit_hourly_costs`);
    return new Map(rows.map((r) => [r.unit_id, Number(r.hourly_cost)]));
  }

  /** A support unit the caller manages (or any, for an admin); 404 for an unknown unit, 403 for another's. */
  private async ledSupportUnit(actor: Actor, unitId: string): Promise<void> {
    const unit = await this.identity.unit(unitId);
    if (!unit) throw DomainError.notFound('Unit');
    if (!actor.isAdmin && !actor.managedUnitIds.includes(unitId)) {
      throw new DomainError('forbidden', 'Only a manager of the unit sets its hourly cost.');
    }
    if (unit.kind !== 'support')
      throw invalid('/unitId', 'unknownReference', 'must be a support unit: only support units log effort on orders');
  }
}

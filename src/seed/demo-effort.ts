import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../identity/access/actor';
import { hasRole } from '../identity/access/actor';
import { UnitCostsService } from '../insights/unit-costs.service';
import { EffortService } from '../orders/effort.service';
import type { DemoWorld } from './demo-data';

/** Hourly costs of the demo's support units (euros), as their managers would set them. */
const HOURLY_COSTS: Record<string, number> = { com: 62.5, it: 71, hr: 58 };

/**
 * The time the demo's accepted orders took, logged by a deliverer of each order's unit through
 * the same service as the API (so the report's facts follow), and each support unit's hourly
 * cost: together the report's cost per order. Minutes are fixed per order, so every demo is the same.
 */
export async function seedDemoEffort(app: INestApplication, world: DemoWorld, admin: Actor, log: (line: string) => void): Promise<void> {
  const costs = app.get(UnitCostsService);
  for (const [unitKey, cost] of Object.entries(HOURLY_COSTS)) {
    if (world.units[unitKey]) await costs.set(admin, world.units[unitKey], cost);
  }
  const orders: Array<{ id: string; support_unit_id: string }> = await app
    .get(DataSource)
    .query(
      `SELECT id, support_unit_id FROM orders WHERE status IN ('confirmed', 'in_progress', 'on_hold', 'delivered', 'accepted', 'closed') ORDER BY reference`,
    );
  const effort = app.get(EffortService);
  let entries = 0;
  for (const [i, order] of orders.entries()) {
    const deliverer = Object.values(world.users).find((u) => hasRole(u, 'deliverer', order.support_unit_id));
    if (!deliverer) continue;
    await effort.log(deliverer, order.id, { minutes: 60 + ((i * 47) % 240), note: 'Planning and production' });
    entries++;
    if (i % 2 === 0) {
      await effort.log(deliverer, order.id, { minutes: 30, note: 'Consultation and follow-up' });
      entries++;
    }
  }
  log(
    `demo data: ${entries} effort entries on ${orders.length} orders, hourly costs for ${Object.keys(HOURLY_COSTS).length} support units`,
  );
}

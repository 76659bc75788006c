import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ORDER_STATUSES } from '../orders/domain/order-lifecycle';
import { DEMO_SERVICES, DemoServiceKey, seedDemoCatalog } from './demo-catalog';
import type { DemoWorld } from './demo-data';
import { DemoOrderServices } from './demo-order-flow';
import { seedDemoOrders } from './demo-orders';

/** What the demo cycle created, for the steps that build on it (retrospectives, feedback). */
export interface DemoOrders {
  services: Record<DemoServiceKey, string>;
  /** Orders waiting for the requester to accept the delivery. */
  delivered: string[];
  /** Orders whose delivery the requester accepted. */
  accepted: string[];
}

/** Services with published questionnaires, and orders from the core units in every status of the cycle. */
export async function seedDemoCycle(app: INestApplication, world: DemoWorld, log: (line: string) => void): Promise<DemoOrders> {
  const services = await seedDemoCatalog(app, world);
  log(`demo data: ${DEMO_SERVICES.length} services with published questionnaires`);

  const stories = await seedDemoOrders({ s: new DemoOrderServices(app), world, services });

  // Every order above was created today, so nothing could be late yet. Only to show overdue
  // work in the demo, move a few due dates into the past; this is the one raw write, and it
  // touches nothing but the due date.
  const db = app.get(DataSource);
  for (const { order, daysLate } of stories.overdue) {
    await db.query('UPDATE orders SET due_date = current_date - $2::int WHERE id = $1', [order.id, daysLate]);
  }

  const perStatus = ORDER_STATUSES.map((status) => [status, stories.all.filter((o) => o.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  log(`demo data: ${stories.all.length} orders across every status (${perStatus.join(', ')}), ${stories.overdue.length} overdue`);

  const ids = (status: string) => stories.all.filter((o) => o.status === status).map((o) => o.id);
  return { services, delivered: ids('delivered'), accepted: ids('accepted') };
}

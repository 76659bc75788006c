import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../identity/access/actor';
import { OrderEntity } from '../orders/entities/order.entity';
import { IntakeService } from '../orders/intake.service';
import { RetrospectivesService } from '../retrospectives/retrospectives.service';
import type { DemoOrders } from './demo-cycle';
import type { DemoWorld } from './demo-data';

/**
 * Closes the loop in the demo: retrospectives with recommendations and feedback on accepted
 * orders (which closes them), so the next draft of the same unit shows a recommendation and
 * the managers' report has something to say.
 */
export async function seedDemoRetrospectives(
  app: INestApplication,
  world: DemoWorld,
  orders: DemoOrders,
  log: (line: string) => void,
): Promise<void> {
  const db = app.get(DataSource);
  const retrospectives = app.get(RetrospectivesService);
  const deliverers: Record<string, Actor> = {
    [world.units.com]: world.users.carla,
    [world.units.it]: world.users.dan,
    [world.units.hr]: world.users.hanna,
  };
  const requesters: Record<string, Actor> = {
    [world.units.school]: world.users.anna,
    [world.units.care]: world.users.bert,
    [world.units.social]: world.users.sara,
  };
  const accepted = await db.getRepository(OrderEntity).findBy(orders.accepted.map((id) => ({ id })));
  let written = 0;
  for (const [i, order] of accepted.entries()) {
    const deliverer = deliverers[order.supportUnitId];
    const requester = requesters[order.requesterUnitId];
    if (!deliverer || !requester) continue;
    await retrospectives.writeRetrospective(deliverer, order.id, {
      outcome: `Delivered as ordered: ${order.title}.`,
      purposeAssessment: i % 2 ? 'The purpose was reached.' : 'Partly reached: fewer people were reached than hoped.',
      recommendations:
        i % 2
          ? []
          : [
              {
                text: 'Order two weeks earlier and tell us who must be reached, not only what to make.',
                rationale:
                  'With more time we can choose the channel that reaches your audience; the last orders left time only for what was asked.',
                category: 'timing',
                targetServiceId: order.serviceId,
              },
            ],
    });
    if (i < accepted.length - 1) {
      await retrospectives.writeFeedback(requester, order.id, {
        satisfaction: 3 + (i % 3),
        purposeAchieved: i % 2 ? 'yes' : 'partly',
        comment: i % 2 ? 'Exactly what we needed.' : 'Good work; we will order earlier next time.',
      });
    }
    written++;
  }
  log(`demo data: ${written} retrospectives with recommendations, feedback closing ${Math.max(0, written - 1)} orders`);

  // The loop comes round: the school starts its next order of the same service from the one
  // the recommendation was made on, sees the recommendation and adopts it (still a draft).
  const [recommended] = await db.query(
    `SELECT r.id, r.source_order_id, r.target_service_id FROM recommendations r
      WHERE r.status = 'open' AND r.target_unit_id = $1 AND r.target_service_id IS NOT NULL ORDER BY r.created_at LIMIT 1`,
    [world.units.school],
  );
  if (recommended) {
    const next = await app.get(IntakeService).create(world.users.anna, {
      serviceId: recommended.target_service_id,
      requesterUnitId: world.units.school,
      copyOf: recommended.source_order_id,
    });
    await retrospectives.decide(world.users.anna, next.id, recommended.id, { decision: 'adopted' });
    log(`demo data: the school's next draft ${next.reference} adopts a recommendation`);
  }
}

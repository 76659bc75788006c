// Linted by test/lint/module-boundaries.e2e-spec.ts as if it were src/orders/cross-module-import.ts;
// excluded from `npm run lint` and from the type check. Every marked line must be reported.
import { DataSource } from 'typeorm';
import { UserEntity } from '../identity/entities/user.entity'; // another module's entity
import { OrderEntity } from './entities/order.entity'; // its own entity: allowed

export async function crossing(db: DataSource): Promise<unknown> {
  await db.query('SELECT 1 FROM memberships WHERE user_id = $1', ['u']); // identity's table
  await db.query(`SELECT o.id FROM orders o JOIN feedback f ON f.order_id = o.id`); // retrospectives' table
  await db.createQueryBuilder().select('r.id').from('recommendations', 'r').getRawMany(); // retrospectives' table
  return [UserEntity, OrderEntity, 'feedback given, as prose, is fine'];
}

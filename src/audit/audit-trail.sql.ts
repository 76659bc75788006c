/**
 * The audit trail of one entity as a subquery of rows `(id, at, action, actor_id, note)`, for
 * a view that reads it in the same round trip as its own rows (see `orders/order-view.sql.ts`).
 * `entityId` is an SQL expression of type text.
 */
export function AUDIT_TRAIL_SQL(entity: string, entityId: string): string {
  if (!/^[a-z_]+$/.test(entity)) throw new Error(`not an entity name: ${entity}`);
  return `(SELECT a.id, a.at, a.action, a.actor_id, a.after->>'note' AS note FROM audit_events a WHERE a.entity = '${entity}' AND a.entity_id = ${entityId})`;
}

/**
 * The recommendations shown on an order, as one JSON array in the shape of `RecommendationView`
 * (the status as of now: an open one past its expiry reads as expired). A subquery, so that an
 * order's view reads them in the same round trip as the order; see `orders/order-view.sql.ts`.
 */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export function RECOMMENDATIONS_SHOWN_ON_SQL(orderId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('id', r.id, 'sourceOrderId', r.source_order_id, 'supportUnitId', r.support_unit_id,
      'targetUnitId', r.target_unit_id, 'targetServiceId', r.target_service_id, 'text', r.text, 'rationale', r.rationale, 'category', r.category,
      'status', CASE WHEN r.status = 'open' AND r.expires_at <= now() THEN 'expired' ELSE r.status END,
      'decisionReason', r.decision_reason, 'decidedAt', ${iso('r.decided_at')}, 'decidedOnOrderId', r.decided_on_order_id,
      'expiresAt', ${iso('r.expires_at')}, 'createdAt', ${iso('r.created_at')}) ORDER BY r.created_at), '[]')
     FROM order_recommendations orr JOIN recommendations r ON r.id = orr.recommendation_id WHERE orr.order_id = ${orderId})`;
}

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

/** The recommendations a retrospective issued (those whose source is the order), in the same shape. */
function recommendationsIssuedBySql(orderId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('id', r.id, 'sourceOrderId', r.source_order_id, 'supportUnitId', r.support_unit_id,
      'targetUnitId', r.target_unit_id, 'targetServiceId', r.target_service_id, 'text', r.text, 'rationale', r.rationale, 'category', r.category,
      'status', CASE WHEN r.status = 'open' AND r.expires_at <= now() THEN 'expired' ELSE r.status END,
      'decisionReason', r.decision_reason, 'decidedAt', ${iso('r.decided_at')}, 'decidedOnOrderId', r.decided_on_order_id,
      'expiresAt', ${iso('r.expires_at')}, 'createdAt', ${iso('r.created_at')}) ORDER BY r.created_at, r.id), '[]')
     FROM recommendations r WHERE r.source_order_id = ${orderId})`;
}

/**
 * The order's retrospective with the recommendations it issued, in the shape of
 * `RetrospectiveResponse`, or null: a subquery of the order's view (see `orders/order-view.sql.ts`).
 */
export function RETROSPECTIVE_OF_SQL(orderId: string): string {
  return `(SELECT json_build_object('id', rt.id, 'orderId', rt.order_id, 'authorId', rt.author_id, 'outcome', rt.outcome,
      'purposeAssessment', rt.purpose_assessment, 'createdAt', ${iso('rt.created_at')},
      'recommendations', ${recommendationsIssuedBySql('rt.order_id')})
     FROM retrospectives rt WHERE rt.order_id = ${orderId})`;
}

/** The requester's feedback on the order, in the shape of `FeedbackResponse`, or null. */
export function FEEDBACK_OF_SQL(orderId: string): string {
  return `(SELECT json_build_object('id', f.id, 'orderId', f.order_id, 'authorId', f.author_id, 'satisfaction', f.satisfaction,
      'purposeAchieved', f.purpose_achieved, 'comment', f.comment, 'createdAt', ${iso('f.created_at')})
     FROM feedback f WHERE f.order_id = ${orderId})`;
}

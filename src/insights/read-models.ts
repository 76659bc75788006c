// The declared read models that join across modules. The feedback-loop report's facts are
// derived from several modules' rows, in the transaction of each change; reading them through
// facades would cost a round trip per table per change. This file is the one place in src/
// where SQL may name another module's tables (eslint.config.mjs exempts it from the
// module-boundaries rule), so a change to those tables shows up here.
//
// Tables read, by owner:
//   orders          orders, status_events, consultation_messages, change_requests, order_efforts
//   retrospectives  feedback, recommendations, retrospectives (the loop's patterns)
//   catalog         services (report label), questionnaires (where a draft was left)
//   identity        units (report labels)
import type { GroupBy } from './report.dto';

/** Locks the order row: refreshes of one order's facts queue behind each other. */
export const LOCK_ORDER_SQL = 'SELECT 1 FROM orders WHERE id = $1 FOR UPDATE';

/** Everything one order contributes, from its own rows, in one round trip. */
export const FACTS_SQL = `
SELECT o.id, o.status, o.service_id, o.support_unit_id, o.requester_unit_id, o.submitted_at, o.delivered_at, o.accepted_at, o.channel,
       to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-01') AS started_month, o.stopped_by,
       (SELECT min(c.created_at) FROM consultation_messages c WHERE c.order_id = o.id AND c.side = 'deliverer' AND c.kind <> 'internal') AS first_deliverer_message_at,
       CASE WHEN o.submitted_at IS NULL THEN (SELECT q.questions FROM questionnaires q WHERE q.id = o.questionnaire_id) END AS draft_questions,
       CASE WHEN o.submitted_at IS NULL THEN o.answers END AS draft_answers,
       (SELECT coalesce(sum(ef.minutes), 0) FROM order_efforts ef WHERE ef.order_id = o.id) AS effort_minutes,
       to_char(o.due_date, 'YYYY-MM-DD') AS due_date,
       (SELECT json_agg(json_build_object('to', e.to_status, 'action', e.action, 'at', e.at) ORDER BY e.seq) FROM status_events e WHERE e.order_id = o.id) AS events,
       EXISTS (SELECT 1 FROM consultation_messages c WHERE c.order_id = o.id AND c.side = 'deliverer' AND c.kind IN ('question', 'advice')) AS consulted,
       (SELECT count(*) FROM consultation_messages c WHERE c.order_id = o.id AND c.kind = 'advice') AS advice_given,
       (SELECT count(*) FROM consultation_messages c WHERE c.order_id = o.id AND c.kind = 'advice' AND c.decision = 'followed') AS advice_followed,
       (SELECT count(*) FROM consultation_messages c WHERE c.order_id = o.id AND c.kind = 'advice' AND c.decision IS NOT NULL) AS advice_decided,
       (SELECT count(*) FROM change_requests cr WHERE cr.order_id = o.id) AS change_requests,
       f.satisfaction, f.purpose_achieved,
       (SELECT count(*) FROM recommendations r WHERE r.source_order_id = o.id) AS recs_issued,
       (SELECT count(*) FROM recommendations r WHERE r.source_order_id = o.id AND r.status = 'adopted') AS recs_adopted,
       (SELECT count(*) FROM recommendations r WHERE r.source_order_id = o.id AND r.status IN ('adopted', 'declined')) AS recs_decided
  FROM orders o LEFT JOIN feedback f ON f.order_id = o.id
 WHERE o.id = $1`;

/** How the report groups its rollup rows (alias r), with the joins that give each group its label. */
export const GROUP_SQL: Record<GroupBy, { key: string; label: string; join: string }> = {
  month: { key: `to_char(r.month, 'YYYY-MM')`, label: `to_char(r.month, 'YYYY-MM')`, join: '' },
  service: { key: 'r.service_id::text', label: 's.name', join: 'JOIN services s ON s.id = r.service_id' },
  supportUnit: { key: 'r.support_unit_id::text', label: 'u.name', join: 'JOIN units u ON u.id = r.support_unit_id' },
  requesterUnit: { key: 'r.requester_unit_id::text', label: 'u.name', join: 'JOIN units u ON u.id = r.requester_unit_id' },
};

/** Open figures: one group per support unit and month, keyed `<support unit id>|<YYYY-MM>`, labelled with the unit's name. */
export const UNIT_MONTH_GROUP = {
  key: `r.support_unit_id::text || '|' || to_char(r.month, 'YYYY-MM')`,
  label: 'u.name',
  join: 'JOIN units u ON u.id = r.support_unit_id',
};

/**
 * The loop's patterns for one support unit (`$1`): recommendations its retrospectives made that
 * were declined, and orders whose requester said the purpose was not achieved, each with its
 * service and the order (whose page shows the retrospective). Newest first, bounded.
 */
export const DECLINED_RECOMMENDATIONS_SQL = `
SELECT o.service_id, s.name AS service, r.id, r.text, r.decision_reason AS reason, o.id AS order_id, o.reference, r.decided_at AS at
  FROM recommendations r JOIN orders o ON o.id = r.source_order_id JOIN services s ON s.id = o.service_id
 WHERE o.support_unit_id = $1 AND r.status = 'declined'
 ORDER BY r.decided_at DESC NULLS LAST, r.id LIMIT 500`;

export const PURPOSES_NOT_ACHIEVED_SQL = `
SELECT o.service_id, s.name AS service, o.id AS order_id, o.reference, o.title, o.purpose, rt.outcome, f.created_at AS at
  FROM feedback f JOIN orders o ON o.id = f.order_id JOIN services s ON s.id = o.service_id
  LEFT JOIN retrospectives rt ON rt.order_id = o.id
 WHERE o.support_unit_id = $1 AND f.purpose_achieved = 'no'
 ORDER BY f.created_at DESC, o.id LIMIT 500`;

/** The report's abandoned drafts (`intake_facts` as r, filtered by `where`) per service and question, most first. */
export function abandonedAtSql(where: string, limit: number): string {
  return `SELECT r.service_id, s.name AS service, r.left_at_question AS question, count(*)::int AS drafts
            FROM intake_facts r JOIN services s ON s.id = r.service_id
           WHERE NOT r.submitted AND ${where}
           GROUP BY 1, 2, 3 ORDER BY drafts DESC, service, question NULLS LAST LIMIT ${Number(limit)}`;
}

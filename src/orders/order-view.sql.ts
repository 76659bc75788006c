/**
 * The SQL that reads an order's parts for its view in one round trip: each part is a
 * subquery that aggregates its rows to JSON already in the shape the API answers (camelCase
 * keys, timestamps as `Date#toJSON` writes them). Shared with the raw baseline server in
 * bench/, so the benchmark compares the same SQL work.
 */
import { AUDIT_TRAIL_SQL } from '../audit/audit-trail.sql';
import type { AttachmentWithLinks } from '../files/files.facade';
import { ATTACHMENTS_OF_ORDER_SQL } from '../files/attachments.sql';
import { FEEDBACK_OF_SQL, RECOMMENDATIONS_SHOWN_ON_SQL, RETROSPECTIVE_OF_SQL } from '../retrospectives/recommendations.sql';

/** A timestamptz as JSON, exactly as `Date#toJSON` writes it (milliseconds, truncated like the pg driver does). */
export function isoTime(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

const SPEC_VERSION_JSON = `json_build_object('id', s.id, 'orderId', s.order_id, 'number', s.number, 'title', s.title, 'purpose', s.purpose,
  'desiredDate', s.desired_date, 'answers', s.answers, 'questionnaireId', s.questionnaire_id, 'questionnaireVersion', s.questionnaire_version,
  'contentHash', s.content_hash, 'changeRequestId', s.change_request_id, 'createdBy', s.created_by, 'createdAt', ${isoTime('s.created_at')})`;

const CHECKLIST_ITEM_JSON = `json_build_object('id', c.id, 'orderId', c.order_id, 'position', c.position, 'label', c.label, 'done', c.done,
  'doneBy', c.done_by, 'doneAt', ${isoTime('c.done_at')})`;

export const MESSAGE_JSON = `json_build_object('id', x.id, 'orderId', x.order_id, 'authorId', x.author_id, 'side', x.side, 'kind', x.kind,
  'channel', x.channel, 'body', x.body, 'suggestedAnswers', x.suggested_answers, 'decision', x.decision, 'decisionReason', x.decision_reason,
  'decidedAt', ${isoTime('x.decided_at')}, 'createdAt', ${isoTime('x.created_at')})`;

export const CHANGE_REQUEST_JSON = `json_build_object('id', x.id, 'orderId', x.order_id, 'proposedBy', x.proposed_by,
  'proposedBySide', x.proposed_by_side, 'reason', x.reason, 'changes', x.changes, 'basedOnSpec', x.based_on_spec, 'status', x.status,
  'decidedBy', x.decided_by, 'decidedAt', ${isoTime('x.decided_at')}, 'decisionNote', x.decision_note, 'createdAt', ${isoTime('x.created_at')})`;

/**
 * The newest `window + 1` rows of a thread table, newest first, each as `{ row, at }` where
 * `at` is created_at as text to the microsecond (the keyset cursor's position).
 */
function newestOf(table: string, rowJson: string, orderId: string, window: number, where = 'TRUE'): string {
  return `(SELECT coalesce(json_agg(json_build_object('row', ${rowJson}, 'at', x.created_at::text) ORDER BY x.created_at DESC, x.id DESC), '[]')
     FROM (SELECT * FROM ${table} WHERE order_id = ${orderId} AND ${where} ORDER BY created_at DESC, id DESC LIMIT ${window + 1}) x)`;
}

/**
 * The select list of an order's parts, for the order whose id is the SQL expression `orderId`
 * (a parameter, or a column of the row the visibility filter let through). `internalVisible`
 * is the SQL condition under which the delivering side's internal notes are read (see
 * `seesInternalNotes`): the requesting side's reads never fetch them.
 */
export function orderPartsSelect(orderId: string, window: number, internalVisible = 'TRUE'): string {
  return `(SELECT coalesce(json_agg(${SPEC_VERSION_JSON} ORDER BY s.number), '[]') FROM spec_versions s WHERE s.order_id = ${orderId}) AS spec_versions,
    (SELECT coalesce(json_agg(${CHECKLIST_ITEM_JSON} ORDER BY c.position), '[]') FROM checklist_items c WHERE c.order_id = ${orderId}) AS checklist,
    ${newestOf('consultation_messages', MESSAGE_JSON, orderId, window, `(kind <> 'internal' OR ${internalVisible})`)} AS messages,
    ${newestOf('change_requests', CHANGE_REQUEST_JSON, orderId, window)} AS change_requests,
    ${RECOMMENDATIONS_SHOWN_ON_SQL(orderId)} AS recommendations,
    ${RETROSPECTIVE_OF_SQL(orderId)} AS retrospective,
    ${FEEDBACK_OF_SQL(orderId)} AS feedback,
    (SELECT coalesce(sum(ef.minutes), 0)::int FROM order_efforts ef WHERE ef.order_id = ${orderId}) AS effort_minutes,
    ${ATTACHMENTS_OF_ORDER_SQL(orderId)} AS attachments`;
}

/** One row of `orderPartsSelect`, as the driver parses it. */
export interface OrderPartsRow {
  spec_versions: unknown[];
  checklist: unknown[];
  messages: Array<{ row: { id: string }; at: string }>;
  change_requests: Array<{ row: { id: string }; at: string }>;
  recommendations: unknown[];
  retrospective: (Record<string, unknown> & { recommendations: unknown[] }) | null;
  feedback: Record<string, unknown> | null;
  effort_minutes: number;
  attachments: AttachmentWithLinks[];
}

/**
 * An order's timeline as one JSON array, oldest first: its status events and its audit trail
 * merged by time; at the same instant the status change goes first, then each list's own order.
 */
export function orderTimelineSelect(orderId: string): string {
  return `(SELECT coalesce(json_agg(t.item ORDER BY t.at, t.rank, t.n), '[]') FROM (
      SELECT e.at, 0 AS rank, e.seq::bigint AS n,
             json_build_object('at', ${isoTime('e.at')}, 'kind', 'status', 'action', e.action, 'from', e.from_status, 'to', e.to_status,
                               'actorId', e.actor_id, 'note', e.note) AS item
        FROM status_events e WHERE e.order_id = ${orderId}
      UNION ALL
      SELECT a.at, 1, a.id, json_build_object('at', ${isoTime('a.at')}, 'action', a.action, 'actorId', a.actor_id, 'note', a.note, 'kind', 'audit')
        FROM ${AUDIT_TRAIL_SQL('order', `${orderId}::text`)} a
    ) t) AS timeline`;
}

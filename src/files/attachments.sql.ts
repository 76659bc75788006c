/**
 * An order's attachments as one JSON array in the shape of `AttachmentView`, each with the
 * messages, deliveries, change requests and retrospectives that refer to it (`links`). A
 * subquery, so that an order's view reads them in the same round trip as the order; see
 * `orders/order-view.sql.ts`.
 */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const ATTACHMENT_JSON = `json_build_object('id', a.id, 'name', a.name, 'size', a.size, 'contentType', a.content_type,
  'sha256', a.sha256, 'uploadedBy', a.uploaded_by, 'uploadedAt', ${iso('a.uploaded_at')}, 'scan', a.scan,
  'thumbnail', a.thumbnail_sha256 IS NOT NULL)`;

export function ATTACHMENTS_OF_ORDER_SQL(orderId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('attachment', ${ATTACHMENT_JSON},
      'links', (SELECT coalesce(json_agg(json_build_object('kind', l.kind, 'refId', l.ref_id)), '[]') FROM attachment_links l WHERE l.attachment_id = a.id))
      ORDER BY a.uploaded_at, a.id), '[]')
     FROM attachments a WHERE a.order_id = ${orderId})`;
}

import type { DataSource } from 'typeorm';
import { addTotals, MetricTotals, totalsOfOrder } from './domain/metrics';
import { deserialise, intakePart, SerialisedFacts } from './order-facts.service';
import { GRAINS, OrderKey, rollupKey, writeRollupRows } from './rollup-store';

/**
 * Rebuilds the report's rollups from the facts stored in `order_facts`: after a restore of
 * only some tables, or to check the incremental upkeep (the consistency test does), and for
 * the benchmark's generated data. It does not recompute the facts themselves: after a change
 * to how facts are derived (or to PUBLIC_HOLIDAYS), refresh each order's facts first.
 */
export async function rebuildRollups(
  db: DataSource,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<{ orders: number; groups: number }> {
  const [{ total }] = await db.query('SELECT count(*)::int AS total FROM order_facts');
  const groups = new Map<string, { key: ReturnType<typeof rollupKey>; totals: MetricTotals }>();
  const addToGroups = (order: OrderKey, totals: MetricTotals) => {
    for (const grain of GRAINS) {
      const key = rollupKey(grain, order);
      const id = `${grain}|${key.month}|${key.serviceId}|${key.requesterUnitId}`;
      const group = groups.get(id);
      if (group) group.totals = addTotals([group.totals, totals]);
      else groups.set(id, { key, totals });
    }
  };
  let lastId = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const rows: Array<{
      order_id: string;
      month: string;
      service_id: string;
      support_unit_id: string;
      requester_unit_id: string;
      facts: SerialisedFacts;
    }> = await db.query(
      `SELECT order_id, to_char(month, 'YYYY-MM-DD') AS month, service_id, support_unit_id, requester_unit_id, facts
           FROM order_facts WHERE order_id > $1 ORDER BY order_id LIMIT 20000`,
      [lastId],
    );
    if (!rows.length) break;
    for (const row of rows) {
      const totals = totalsOfOrder(deserialise(row.facts));
      const order = {
        month: row.month,
        serviceId: row.service_id,
        supportUnitId: row.support_unit_id,
        requesterUnitId: row.requester_unit_id,
      };
      addToGroups(order, totals);
    }
    lastId = rows[rows.length - 1].order_id;
    done += rows.length;
    progress(done, total);
  }
  // Every draft ever started (deleted ones too), counted in the month it was started: drafts
  // with the same keys and answers contribute alike, so they are read grouped, n at a time.
  const drafts: Array<Parameters<typeof intakePart>[0] & { n: number }> = await db.query(
    `SELECT to_char(month, 'YYYY-MM-DD') AS month, service_id, support_unit_id, requester_unit_id, submitted, stopped_by, count(*)::int AS n
       FROM intake_facts GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  for (const draft of drafts) {
    const { order, totals } = intakePart(draft);
    totals.draftsStarted *= draft.n;
    totals.draftsSubmitted *= draft.n;
    for (const reason of Object.keys(totals.stoppedBy) as Array<keyof typeof totals.stoppedBy>) totals.stoppedBy[reason] *= draft.n;
    addToGroups(order, totals);
  }
  await db.transaction(async (m) => {
    await m.query('TRUNCATE feedback_loop_rollup');
    await writeRollupRows(m, [...groups.values()]);
  });
  await db.query('ANALYZE feedback_loop_rollup');
  return { orders: done, groups: groups.size };
}

import type { EntityManager } from 'typeorm';
import { ORDER_STATUSES } from '../orders/domain/order-lifecycle';
import { STOP_REASONS } from '../orders/domain/stop-reasons';
import { addTotals, firstResponseBucket, firstResponseOfBucket, type MetricTotals } from './domain/metrics';

/**
 * The report's rollups: additive totals per month at three grains, so each report reads the
 * coarsest rows that can answer it. `fine` is (month, service, requesting unit); `service`
 * drops the requesting unit; `requester` drops the service.
 */
export type Grain = 'fine' | 'service' | 'requester';
export const GRAINS: readonly Grain[] = ['fine', 'service', 'requester'];

export interface OrderKey {
  month: string;
  serviceId: string;
  supportUnitId: string;
  requesterUnitId: string;
}

export interface RollupKey {
  grain: Grain;
  month: string;
  serviceId: string | null;
  supportUnitId: string | null;
  requesterUnitId: string | null;
}

export function rollupKey(grain: Grain, k: OrderKey): RollupKey {
  return {
    grain,
    month: k.month,
    serviceId: grain === 'requester' ? null : k.serviceId,
    supportUnitId: grain === 'requester' ? null : k.supportUnitId,
    requesterUnitId: grain === 'service' ? null : k.requesterUnitId,
  };
}

/** Lead times beyond this many business days count as this many (kept exact below it). */
export const MAX_LEAD_DAYS = 1000;

/** Rollup column → how it is read off the totals. */
export const TOTAL_COLUMNS: Array<[column: string, pick: (t: MetricTotals) => number]> = [
  ['orders', (t) => t.orders],
  ['consulted', (t) => t.consulted],
  ['advice_followed', (t) => t.adviceFollowed],
  ['advice_decided', (t) => t.adviceDecided],
  ['confirmed', (t) => t.confirmed],
  ['with_change_request', (t) => t.withChangeRequest],
  ['accepted', (t) => t.accepted],
  ['first_time_right', (t) => t.firstTimeRight],
  ['delivered_with_due', (t) => t.deliveredWithDue],
  ['on_time', (t) => t.onTime],
  ['satisfaction_sum', (t) => t.satisfactionSum],
  ['satisfaction_count', (t) => t.satisfactionCount],
  ['purpose_yes', (t) => t.purposeYes],
  ['purpose_partly', (t) => t.purposePartly],
  ['purpose_count', (t) => t.purposeCount],
  ['recommendations_issued', (t) => t.recommendationsIssued],
  ['recommendations_adopted', (t) => t.recommendationsAdopted],
  ['recommendations_decided', (t) => t.recommendationsDecided],
  ...ORDER_STATUSES.map((s): [string, (t: MetricTotals) => number] => [`seconds_${s}`, (t) => t.secondsInStatus[s] ?? 0]),
  ['effort_minutes', (t) => t.effortMinutes],
  ['orders_with_effort', (t) => t.ordersWithEffort],
  ['channel_web', (t) => t.channelWeb],
  ['channel_email', (t) => t.channelEmail],
  ['channel_api', (t) => t.channelApi],
  ['drafts_started', (t) => t.draftsStarted],
  ['drafts_submitted', (t) => t.draftsSubmitted],
  ...STOP_REASONS.map((r): [string, (t: MetricTotals) => number] => [`stopped_${r}`, (t) => t.stoppedBy[r]]),
];

/**
 * The histograms kept as arrays, subscript bucket + 1: lead times by whole day (capped at
 * MAX_LEAD_DAYS), first responses by their rounded hours' bucket (firstResponseBucket).
 */
export const HISTOGRAMS: Array<{
  column: string;
  pick: (t: MetricTotals) => Map<number, number>;
  bucketOf: (value: number) => number;
  valueOf: (bucket: number) => number;
}> = [
  {
    column: 'lead_time_counts',
    pick: (t) => t.leadTimes,
    bucketOf: (days) => Math.min(Math.max(0, Math.round(days)), MAX_LEAD_DAYS),
    valueOf: (bucket) => bucket,
  },
  { column: 'first_response_counts', pick: (t) => t.firstResponses, bucketOf: firstResponseBucket, valueOf: firstResponseOfBucket },
];

/** Adds one (summed) rollup row, column names as above, into totals; lead times are read apart. */
export function addRowToTotals(row: Record<string, unknown>, into: MetricTotals): void {
  const n = (c: string) => Number(row[c] ?? 0);
  into.orders += n('orders');
  into.consulted += n('consulted');
  into.adviceFollowed += n('advice_followed');
  into.adviceDecided += n('advice_decided');
  into.confirmed += n('confirmed');
  into.withChangeRequest += n('with_change_request');
  into.accepted += n('accepted');
  into.firstTimeRight += n('first_time_right');
  into.deliveredWithDue += n('delivered_with_due');
  into.onTime += n('on_time');
  into.satisfactionSum += n('satisfaction_sum');
  into.satisfactionCount += n('satisfaction_count');
  into.purposeYes += n('purpose_yes');
  into.purposePartly += n('purpose_partly');
  into.purposeCount += n('purpose_count');
  into.recommendationsIssued += n('recommendations_issued');
  into.recommendationsAdopted += n('recommendations_adopted');
  into.recommendationsDecided += n('recommendations_decided');
  for (const status of ORDER_STATUSES) {
    const seconds = n(`seconds_${status}`);
    if (seconds > 0) into.secondsInStatus[status] = (into.secondsInStatus[status] ?? 0) + seconds;
  }
  into.effortMinutes += n('effort_minutes');
  into.ordersWithEffort += n('orders_with_effort');
  into.channelWeb += n('channel_web');
  into.channelEmail += n('channel_email');
  into.channelApi += n('channel_api');
  into.draftsStarted += n('drafts_started');
  into.draftsSubmitted += n('drafts_submitted');
  for (const r of STOP_REASONS) into.stoppedBy[r] += n(`stopped_${r}`);
  // Read-time sums (the hourly cost joined to the rows), absent from the rollup's own columns.
  into.effortCost += n('effort_cost');
  into.costedOrders += n('costed_orders');
}

const COLUMNS = TOTAL_COLUMNS.map(([c]) => c);
const KEY_COLUMNS = ['grain', 'month', 'service_id', 'support_unit_id', 'requester_unit_id'];

function keyValues(k: RollupKey): unknown[] {
  return [k.grain, k.month, k.serviceId, k.supportUnitId, k.requesterUnitId];
}

/**
 * One part of what an order contributes, at its key: the submitted order (month of first
 * submission) and the draft it started as (month it was started).
 */
export interface OrderContribution {
  order: OrderKey;
  totals: MetricTotals;
}

/** One order's totals added to (+1) or taken away from (−1) one rollup row. */
export interface RollupChange {
  key: RollupKey;
  totals: MetricTotals;
  sign: 1 | -1;
}

/**
 * Every row change that moves one order from its old contribution to its new one, in one
 * canonical order of rollup keys. Concurrent transactions then lock shared rows in the same
 * order, so moving one order from service X to Y while another moves from Y to X cannot
 * deadlock. On a key both sides share, the old totals go before the new ones arrive.
 */
export function rollupChanges(before: OrderContribution[], after: OrderContribution[]): RollupChange[] {
  const changes: RollupChange[] = [];
  for (const [parts, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    for (const side of mergeByKey(parts)) {
      if (side.totals.orders === 0 && side.totals.draftsStarted === 0) continue;
      for (const grain of GRAINS) changes.push({ key: rollupKey(grain, side.order), totals: side.totals, sign });
    }
  }
  // Stable sort: a key's −1 (pushed first) stays ahead of its +1.
  return changes.sort((a, b) => compareKeys(a.key, b.key));
}

/** Parts at the same key (a draft submitted in the month it was started) become one change a row. */
function mergeByKey(parts: OrderContribution[]): OrderContribution[] {
  const merged = new Map<string, OrderContribution>();
  for (const part of parts) {
    const id = `${part.order.month}|${part.order.serviceId}|${part.order.supportUnitId}|${part.order.requesterUnitId}`;
    const found = merged.get(id);
    merged.set(id, found ? { order: part.order, totals: addTotals([found.totals, part.totals]) } : part);
  }
  return [...merged.values()];
}

function compareKeys(a: RollupKey, b: RollupKey): number {
  const fields = (k: RollupKey) => [k.grain, k.month, k.serviceId ?? '', k.requesterUnitId ?? ''];
  const [x, y] = [fields(a), fields(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

/**
 * Applies one change. Taking away updates a row that must exist: an INSERT of negative counts
 * would trip the CHECKs before ON CONFLICT.
 */
export async function applyRollupChange(m: EntityManager, { key, totals, sign }: RollupChange): Promise<void> {
  const values = TOTAL_COLUMNS.map(([, pick]) => pick(totals));
  if (sign > 0) {
    await m.query(
      `INSERT INTO feedback_loop_rollup (${[...KEY_COLUMNS, ...COLUMNS].join(', ')})
       VALUES (${[...KEY_COLUMNS, ...COLUMNS].map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT ON CONSTRAINT feedback_loop_rollup_key DO UPDATE SET ${COLUMNS.map((c) => `${c} = feedback_loop_rollup.${c} + EXCLUDED.${c}`).join(', ')}`,
      [...keyValues(key), ...values],
    );
  } else {
    await m.query(
      `UPDATE feedback_loop_rollup SET ${COLUMNS.map((c, i) => `${c} = ${c} - $${i + 4}`).join(', ')}
        WHERE grain = $1 AND month = $2 AND service_id IS NOT DISTINCT FROM $3 AND requester_unit_id IS NOT DISTINCT FROM ${`$${COLUMNS.length + 4}`}`,
      [key.grain, key.month, key.serviceId, ...values, key.requesterUnitId],
    );
  }
  for (const { column, pick, bucketOf } of HISTOGRAMS) {
    for (const [value, n] of pick(totals)) {
      const index = bucketOf(value) + 1;
      await m.query(
        `UPDATE feedback_loop_rollup SET ${column}[$5] = coalesce(${column}[$5], 0) + $6
          WHERE grain = $1 AND month = $2 AND service_id IS NOT DISTINCT FROM $3 AND requester_unit_id IS NOT DISTINCT FROM $4`,
        [key.grain, key.month, key.serviceId, key.requesterUnitId, index, sign * n],
      );
    }
  }
}

/** Bulk write of precomputed groups (the rebuild), one grain-keyed row each. */
export async function writeRollupRows(m: EntityManager, groups: Array<{ key: RollupKey; totals: MetricTotals }>): Promise<void> {
  for (let i = 0; i < groups.length; i += 2000) {
    const chunk = groups.slice(i, i + 2000);
    const rows = chunk.map(({ key, totals }) => ({
      grain: key.grain,
      month: key.month,
      service_id: key.serviceId,
      support_unit_id: key.supportUnitId,
      requester_unit_id: key.requesterUnitId,
      ...Object.fromEntries(TOTAL_COLUMNS.map(([c, pick]) => [c, pick(totals)])),
      ...Object.fromEntries(HISTOGRAMS.map((h) => [h.column, histogramArray(h.pick(totals), h.bucketOf)])),
    }));
    const all = [...KEY_COLUMNS, ...COLUMNS, ...HISTOGRAMS.map((h) => h.column)].join(', ');
    await m.query(
      `INSERT INTO feedback_loop_rollup (${all}) SELECT ${all} FROM json_populate_recordset(NULL::feedback_loop_rollup, $1::json)`,
      [JSON.stringify(rows)],
    );
  }
}

function histogramArray(histogram: Map<number, number>, bucketOf: (value: number) => number): number[] {
  const counts: number[] = [];
  for (const [value, n] of histogram) {
    const index = bucketOf(value);
    while (counts.length <= index) counts.push(0);
    counts[index] += n;
  }
  return counts;
}

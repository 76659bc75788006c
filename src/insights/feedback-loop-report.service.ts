import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalid } from '../common/domain-error';
import type { Actor } from '../identity/access/actor';
import { emptyTotals, FeedbackLoopMetrics, MetricTotals, metricsFromTotals } from './domain/metrics';
import { FeedbackLoopQueryDto, GroupBy } from './report.dto';

export interface ReportRow extends FeedbackLoopMetrics {
  group: { key: string; label: string };
}

const GROUP_SQL: Record<GroupBy, { key: string; label: string; join: string }> = {
  month: { key: `to_char(r.month, 'YYYY-MM')`, label: `to_char(r.month, 'YYYY-MM')`, join: '' },
  service: { key: 'r.service_id::text', label: 's.name', join: 'JOIN services s ON s.id = r.service_id' },
  supportUnit: { key: 'r.support_unit_id::text', label: 'u.name', join: 'JOIN units u ON u.id = r.support_unit_id' },
  requesterUnit: { key: 'r.requester_unit_id::text', label: 'u.name', join: 'JOIN units u ON u.id = r.requester_unit_id' },
};

const SUMS = `sum(r.orders) AS orders, sum(r.consulted) AS consulted, sum(r.advice_followed) AS advice_followed,
  sum(r.advice_decided) AS advice_decided, sum(r.confirmed) AS confirmed, sum(r.with_change_request) AS with_change_request,
  sum(r.accepted) AS accepted, sum(r.first_time_right) AS first_time_right, sum(r.delivered_with_due) AS delivered_with_due,
  sum(r.on_time) AS on_time, sum(r.satisfaction_sum) AS satisfaction_sum, sum(r.satisfaction_count) AS satisfaction_count,
  sum(r.purpose_yes) AS purpose_yes, sum(r.purpose_partly) AS purpose_partly, sum(r.purpose_count) AS purpose_count,
  sum(r.recommendations_issued) AS recommendations_issued, sum(r.recommendations_adopted) AS recommendations_adopted,
  sum(r.recommendations_decided) AS recommendations_decided`;

/**
 * The managers' feedback-loop report: sums the rollups kept per (month, service, requesting
 * unit), scoped to the units the caller manages, and turns totals into metrics with the one
 * pure definition (`metricsFromTotals`). Three small grouped queries, whatever the order count.
 */
@Injectable()
export class FeedbackLoopReportService {
  constructor(private readonly db: DataSource) {}

  async report(actor: Actor, query: FeedbackLoopQueryDto): Promise<{ rows: ReportRow[] }> {
    const groupBy = query.groupBy ?? 'month';
    const group = GROUP_SQL[groupBy];
    const { where, params } = this.filters(actor, query);

    const totals = new Map<string, { label: string; totals: MetricTotals }>();
    const entry = (key: string, label: string) => {
      let found = totals.get(key);
      if (!found) totals.set(key, (found = { label, totals: emptyTotals() }));
      return found;
    };

    const sums: Array<Record<string, string>> = await this.db.query(
      `SELECT ${group.key} AS key, ${group.label} AS label, ${SUMS} FROM feedback_loop_rollup r ${group.join} WHERE ${where} GROUP BY 1, 2`,
      params,
    );
    for (const row of sums) {
      const t = entry(row.key, row.label).totals;
      t.orders = Number(row.orders);
      t.consulted = Number(row.consulted);
      t.adviceFollowed = Number(row.advice_followed);
      t.adviceDecided = Number(row.advice_decided);
      t.confirmed = Number(row.confirmed);
      t.withChangeRequest = Number(row.with_change_request);
      t.accepted = Number(row.accepted);
      t.firstTimeRight = Number(row.first_time_right);
      t.deliveredWithDue = Number(row.delivered_with_due);
      t.onTime = Number(row.on_time);
      t.satisfactionSum = Number(row.satisfaction_sum);
      t.satisfactionCount = Number(row.satisfaction_count);
      t.purposeYes = Number(row.purpose_yes);
      t.purposePartly = Number(row.purpose_partly);
      t.purposeCount = Number(row.purpose_count);
      t.recommendationsIssued = Number(row.recommendations_issued);
      t.recommendationsAdopted = Number(row.recommendations_adopted);
      t.recommendationsDecided = Number(row.recommendations_decided);
    }

    const leadTimes: Array<{ key: string; label: string; days: number; orders: string }> = await this.db.query(
      `SELECT ${group.key} AS key, ${group.label} AS label, r.days, sum(r.orders) AS orders
         FROM feedback_loop_lead_times r ${group.join} WHERE ${where} GROUP BY 1, 2, 3 HAVING sum(r.orders) > 0`,
      params,
    );
    for (const row of leadTimes) entry(row.key, row.label).totals.leadTimes.set(Number(row.days), Number(row.orders));

    const statusTimes: Array<{ key: string; label: string; status: string; seconds: number }> = await this.db.query(
      `SELECT ${group.key} AS key, ${group.label} AS label, r.status, sum(r.seconds) AS seconds
         FROM feedback_loop_status_time r ${group.join} WHERE ${where} GROUP BY 1, 2, 3`,
      params,
    );
    for (const row of statusTimes) entry(row.key, row.label).totals.secondsInStatus[row.status] = Number(row.seconds);

    if (groupBy === 'month' && query.from && query.to) {
      for (const month of monthsBetween(query.from, query.to)) entry(month, month);
    }

    const rows = [...totals.entries()]
      .filter(([, v]) => v.totals.orders > 0 || groupBy === 'month')
      .map(([key, v]) => ({ group: { key, label: v.label }, ...metricsFromTotals(v.totals) }))
      .sort((a, b) => (groupBy === 'month' ? a.group.key.localeCompare(b.group.key) : a.group.label.localeCompare(b.group.label)));
    return { rows };
  }

  private filters(actor: Actor, query: FeedbackLoopQueryDto): { where: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      clauses.push(sql(`$${params.length}`));
    };
    if (!actor.isAdmin)
      add((p) => `(r.support_unit_id = ANY(${p}::uuid[]) OR r.requester_unit_id = ANY(${p}::uuid[]))`, actor.managedUnitIds);
    if (query.from && query.to && query.from > query.to) throw invalid('/to', 'must not be before from');
    if (query.from) add((p) => `r.month >= date_trunc('month', ${p}::date)`, query.from);
    if (query.to) add((p) => `r.month <= date_trunc('month', ${p}::date)`, query.to);
    if (query.supportUnitId) add((p) => `r.support_unit_id = ${p}`, query.supportUnitId);
    if (query.serviceId) add((p) => `r.service_id = ${p}`, query.serviceId);
    if (query.requesterUnitId) add((p) => `r.requester_unit_id = ${p}`, query.requesterUnitId);
    return { where: clauses.length ? clauses.join(' AND ') : 'TRUE', params };
  }
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number);
  const [ty, tm] = to.slice(0, 7).split('-').map(Number);
  while ((y < ty || (y === ty && m <= tm)) && months.length < 240) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

/** The same rows as CSV: one line per group, every metric, days in each status last. */
export function reportCsv(rows: ReportRow[]): string {
  const statuses = [...new Set(rows.flatMap((r) => Object.keys(r.timeInStatusDays)))].sort();
  const metricKeys = [
    'orders',
    'consultationRate',
    'adviceFollowedRate',
    'changeRequestRate',
    'firstTimeRightRate',
    'leadTimeMedianDays',
    'leadTimeP90Days',
    'onTimeRate',
    'satisfactionAvg',
    'purposeAchievedRate',
    'recommendationsIssued',
    'recommendationsAdopted',
    'recommendationAdoptionRate',
  ] as const;
  const header = ['group', 'label', ...metricKeys, ...statuses.map((s) => `daysIn_${s}`)];
  const lines = rows.map((r) => [
    r.group.key,
    r.group.label,
    ...metricKeys.map((k) => r[k]),
    ...statuses.map((s) => r.timeInStatusDays[s] ?? ''),
  ]);
  return [header, ...lines].map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote when needed, and defuse spreadsheet formulas in labels.
  const safe = /^[=+\-@]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

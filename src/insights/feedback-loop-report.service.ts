import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalid } from '../common/domain-error';
import type { Actor } from '../identity/access/actor';
import { csvLines } from './domain/csv';
import { emptyTotals, FeedbackLoopMetrics, MetricTotals, metricsFromTotals, SCALAR_METRICS } from './domain/metrics';
import { abandonedAtSql, GROUP_SQL, UNIT_MONTH_GROUP } from './read-models';
import { addRowToTotals, Grain, HISTOGRAMS, TOTAL_COLUMNS } from './rollup-store';
import { FeedbackLoopQueryDto, GroupBy } from './report.dto';

export interface ReportRow extends FeedbackLoopMetrics {
  group: { key: string; label: string };
}

/** Where abandoned drafts were left: a service and the first question that stopped them. */
export interface AbandonedAt {
  serviceId: string;
  service: string;
  questionKey: string | null;
  drafts: number;
}

/**
 * The rollups' sums, and the cost of the effort: each row's minutes at the hourly cost of its
 * support unit (joined as `hc`; rows of the requester grain have no support unit, so no cost).
 */
const SUMS = [
  ...TOTAL_COLUMNS.map(([c]) => `sum(r.${c})::float8 AS ${c}`),
  `coalesce(sum(r.effort_minutes * hc.hourly_cost / 60.0), 0)::float8 AS effort_cost`,
  `sum(CASE WHEN hc.hourly_cost IS NOT NULL THEN r.orders_with_effort ELSE 0 END)::float8 AS costed_orders`,
].join(', ');
const COST_JOIN = 'LEFT JOIN unit_hourly_costs hc ON hc.unit_id = r.support_unit_id';

/** The coarsest grain whose rows can answer the query: fewer rows, same totals. */
export function grainFor(groupBy: GroupBy, query: FeedbackLoopQueryDto, scoped: boolean): Grain {
  const needsRequester = scoped || groupBy === 'requesterUnit' || !!query.requesterUnitId;
  const needsService = scoped || groupBy === 'service' || groupBy === 'supportUnit' || !!query.serviceId || !!query.supportUnitId;
  if (needsRequester && needsService) return 'fine';
  return needsRequester ? 'requester' : 'service';
}

/**
 * The managers' feedback-loop report: sums the rollups kept per (month, service, requesting
 * unit), scoped to the units the caller manages, and turns totals into metrics with the one
 * pure definition (`metricsFromTotals`). One read of the coarsest grain that answers the question.
 */
@Injectable()
export class FeedbackLoopReportService {
  constructor(private readonly db: DataSource) {}

  async report(actor: Actor, query: FeedbackLoopQueryDto): Promise<{ rows: ReportRow[]; abandonedAt: AbandonedAt[] }> {
    const scope = actor.isAdmin ? null : actor.managedUnitIds;
    const [{ rows }, abandonedAt] = await Promise.all([this.rowsFor(scope, query), this.abandonedAt(scope, query)]);
    return { rows, abandonedAt };
  }

  /**
   * The drafts of the period (by month started) never submitted, per service and the question
   * where they were left, most first: one grouped read of `intake_facts` (its partial index
   * holds only the unsubmitted ones).
   */
  async abandonedAt(managedUnitIds: string[] | null, query: FeedbackLoopQueryDto, limit = 20): Promise<AbandonedAt[]> {
    const { where, params } = this.filters(managedUnitIds, query, null);
    const rows: Array<{ service_id: string; service: string; question: string | null; drafts: number }> = await this.read(
      abandonedAtSql(where, limit),
      params,
    );
    return rows.map((r) => ({ serviceId: r.service_id, service: r.service, questionKey: r.question, drafts: Number(r.drafts) }));
  }

  /**
   * The open figures every signed-in person may read: per support unit, unscoped, and only
   * aggregates (the caller shows no order-level detail).
   */
  async openFigures(from: string, to: string): Promise<ReportRow[]> {
    return (await this.rowsFor(null, { from, to, groupBy: 'supportUnit' })).rows.filter((r) => r.orders > 0);
  }

  /** The same, per support unit and month: `group.key` is `<support unit id>|<YYYY-MM>`, the label the unit's name. */
  async openFiguresByMonth(from: string, to: string): Promise<ReportRow[]> {
    return (await this.rowsFor(null, { from, to, groupBy: 'supportUnit' }, UNIT_MONTH_GROUP)).rows.filter((r) => r.orders > 0);
  }

  /**
   * Orders of a support unit whose requester said the purpose was not achieved, newest month
   * first: the report's own facts, so no other module's tables are read. The caller checks access.
   */
  async purposeNotAchieved(supportUnitId: string, limit = 50): Promise<string[]> {
    const rows: Array<{ order_id: string }> = await this.read(
      `SELECT order_id FROM order_facts WHERE support_unit_id = $1 AND facts->>'purposeAchieved' = 'no' ORDER BY month DESC, order_id LIMIT $2`,
      [supportUnitId, limit],
    );
    return rows.map((r) => r.order_id);
  }

  /** `managedUnitIds` null: every unit (admins, open figures). */
  private async rowsFor(
    managedUnitIds: string[] | null,
    query: FeedbackLoopQueryDto,
    groupSql?: (typeof GROUP_SQL)[GroupBy],
  ): Promise<{ rows: ReportRow[] }> {
    const groupBy = query.groupBy ?? 'month';
    const group = groupSql ?? GROUP_SQL[groupBy];
    const grain = grainFor(groupBy, query, managedUnitIds !== null);
    const { where, params } = this.filters(managedUnitIds, query, grain);

    const totals = new Map<string, { label: string; totals: MetricTotals }>();
    const entry = (key: string, label: string) => {
      let found = totals.get(key);
      if (!found) totals.set(key, (found = { label, totals: emptyTotals() }));
      return found;
    };

    // Grouped reads of the grain's rows, side by side: the sums, and each histogram (lead
    // times, first responses) unnested. Subscript v + 1 holds value v; an array first written
    // at [6] starts there ([6:6]), so the value is the ordinality shifted by the lower bound.
    const histogram = (column: string) =>
      this.read<{ key: string; label: string; value: number; orders: number }>(
        `SELECT ${group.key} AS key, ${group.label} AS label, h.i + array_lower(r.${column}, 1) - 2 AS value, sum(h.c)::float8 AS orders
           FROM feedback_loop_rollup r ${group.join},
                LATERAL (SELECT c, i FROM unnest(r.${column}) WITH ORDINALITY AS u(c, i)) h
          WHERE ${where} AND h.c > 0 GROUP BY 1, 2, 3`,
        params,
      );
    const [sums, leadTimes, firstResponses] = await Promise.all([
      this.read(
        `SELECT ${group.key} AS key, ${group.label} AS label, ${SUMS} FROM feedback_loop_rollup r ${group.join} ${COST_JOIN} WHERE ${where} GROUP BY 1, 2`,
        params,
      ),
      histogram(HISTOGRAMS[0].column),
      histogram(HISTOGRAMS[1].column),
    ]);
    for (const row of sums as Array<Record<string, unknown> & { key: string; label: string }>)
      addRowToTotals(row, entry(row.key, row.label).totals);
    const [leadTimeBuckets, firstResponseBuckets] = HISTOGRAMS;
    for (const row of leadTimes)
      entry(row.key, row.label).totals.leadTimes.set(leadTimeBuckets.valueOf(Number(row.value)), Number(row.orders));
    for (const row of firstResponses) {
      entry(row.key, row.label).totals.firstResponses.set(firstResponseBuckets.valueOf(Number(row.value)), Number(row.orders));
    }

    if (groupBy === 'month' && query.from && query.to) {
      for (const month of monthsBetween(query.from, query.to)) entry(month, month);
    }

    const result = [...totals.entries()]
      .filter(([, v]) => v.totals.orders > 0 || v.totals.draftsStarted > 0 || groupBy === 'month')
      .map(([key, v]) => ({ group: { key, label: v.label }, ...metricsFromTotals(v.totals) }))
      .sort((a, b) => (groupBy === 'month' ? a.group.key.localeCompare(b.group.key) : a.group.label.localeCompare(b.group.label)));
    return { rows: result };
  }

  /**
   * One read on the replica when DATABASE_REPLICA_URL is set (TypeORM replication, see
   * data-source-options.ts), else on the primary. The report sums whole months of rollups, so
   * a replica a few seconds behind changes nothing anyone reads from it.
   */
  private async read<T>(sql: string, params: unknown[]): Promise<T[]> {
    const runner = this.db.createQueryRunner('slave');
    try {
      return (await runner.query(sql, params)) as T[];
    } finally {
      await runner.release();
    }
  }

  /** `grain` null: rows without a grain (`intake_facts`, one row per draft, filtered the same way). */
  private filters(managedUnitIds: string[] | null, query: FeedbackLoopQueryDto, grain: Grain | null): { where: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      clauses.push(sql(`$${params.length}`));
    };
    if (grain) add((p) => `r.grain = ${p}`, grain);
    if (managedUnitIds) add((p) => `(r.support_unit_id = ANY(${p}::uuid[]) OR r.requester_unit_id = ANY(${p}::uuid[]))`, managedUnitIds);
    if (query.from && query.to && query.from > query.to) throw invalid('/to', 'notBefore', 'must not be before from', { other: 'from' });
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

/** The same rows as CSV: one line per group, every metric, days in each status last. Labels are text, metrics numbers. */
export function reportCsv(rows: ReportRow[]): string {
  const statuses = [...new Set(rows.flatMap((r) => Object.keys(r.timeInStatusDays)))].sort();
  const metricKeys = SCALAR_METRICS;
  const header = ['group', 'label', ...metricKeys, 'channels_web', 'channels_email', 'channels_api', ...statuses.map((s) => `daysIn_${s}`)];
  const lines = rows.map((r) => [
    r.group.key,
    r.group.label,
    ...metricKeys.map((k) => r[k]),
    r.channels.web,
    r.channels.email,
    r.channels.api,
    ...statuses.map((s) => r.timeInStatusDays[s] ?? null),
  ]);
  return csvLines([header, ...lines]);
}

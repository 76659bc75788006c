/**
 * Feedback-loop metric definitions: the single source of truth.
 *
 * Pure TypeScript (no framework, no I/O). The SQL report is checked against
 * `computeMetrics`, so every rule below is deliberately explicit:
 *
 * - Only submitted orders (`submittedAt` is a valid Date) count, for every metric.
 * - Rates are fractions in 0..1 rounded to 4 decimals; day values are rounded to
 *   2 decimals. Rounding is half away from zero on the decimal value, like
 *   PostgreSQL `round(numeric, n)`.
 * - A metric whose denominator is 0 is `null`. The result never contains NaN or
 *   Infinity.
 * - Defensive input rules (the caller should not rely on them, but they keep the
 *   output finite): an invalid Date counts as `null`; a non-finite number in a
 *   nullable field counts as `null`; a non-finite count or duration counts as 0.
 * - Sums are taken over values sorted ascending, so the result does not depend on
 *   the order of the input, not even in the last floating-point bit.
 */
import { isStopReason, STOP_REASONS, type StopReason } from '../../orders/domain/stop-reasons';

export interface OrderFacts {
  orderId: string;
  /** First submit. Orders never submitted are excluded from every metric. */
  submittedAt: Date | null;
  /** Current status. */
  status: string;
  /** A deliverer asked or advised before acceptance. */
  consulted: boolean;
  /** Advice messages given. */
  adviceGiven: number;
  /** Of those decided: revise with followedAdvice=true. */
  adviceFollowed: number;
  /** Revise-after-advice + keep decisions. */
  adviceDecided: number;
  /** Change requests proposed. */
  changeRequests: number;
  /** First delivery. */
  deliveredAt: Date | null;
  /** Delivery accepted. */
  acceptedAt: Date | null;
  /** Reopened at least once. */
  reopened: boolean;
  /** 'YYYY-MM-DD'. */
  dueDate: string | null;
  /** Days from submit to first delivery as computed by the caller (passed through). */
  leadTimeDays: number | null;
  /** 1..5. */
  satisfaction: number | null;
  purposeAchieved: 'yes' | 'partly' | 'no' | null;
  /** Recommendations issued in this order's retrospective. */
  recommendationsIssued: number;
  /** Of those, adopted later. */
  recommendationsAdopted: number;
  /** Of those, adopted or declined. */
  recommendationsDecided: number;
  /** Time spent per status, in seconds. */
  secondsInStatus: Record<string, number>;
  /** How the draft was started; absent in facts stored before channels were kept (they count as web). */
  channel?: 'web' | 'email' | 'api';
  /** Minutes the delivering side logged on the order; absent: none. */
  effortMinutes?: number;
  /**
   * The hourly cost of the delivering unit as the report reads it (not stored with the facts:
   * the report joins it at read time, so a new hourly cost applies to every period shown).
   */
  hourlyCost?: number | null;
  /**
   * Business hours from first submit to the delivering side's first message or acceptance,
   * not counting time waiting on the requester; null until then. Absent in older facts.
   */
  firstResponseHours?: number | null;
  /** The requester's answer to "what stopped you?" when cancelling; counted only for a cancelled order. */
  stoppedBy?: StopReason | null;
}

/** A draft as the intake measures see it, counted in the month it was started. */
export interface DraftFacts {
  /** Submitted at least once. */
  submitted: boolean;
  /** "What stopped you?" when the draft was cancelled or deleted. */
  stoppedBy: StopReason | null;
}

/** Counts per answer to "what stopped you?". */
export type StoppedByCounts = Record<StopReason, number>;

/** Orders by the channel their draft was started from. */
export interface ChannelCounts {
  web: number;
  email: number;
  api: number;
}

export interface FeedbackLoopMetrics {
  orders: number;
  consultationRate: number | null;
  adviceFollowedRate: number | null;
  changeRequestRate: number | null;
  firstTimeRightRate: number | null;
  leadTimeMedianDays: number | null;
  leadTimeP90Days: number | null;
  onTimeRate: number | null;
  satisfactionAvg: number | null;
  purposeAchievedRate: number | null;
  recommendationsIssued: number;
  recommendationsAdopted: number;
  recommendationAdoptionRate: number | null;
  /** Average days per order spent in each status. */
  timeInStatusDays: Record<string, number>;
  effortHoursPerOrder: number | null;
  costPerOrder: number | null;
  channels: ChannelCounts;
  intakeCompletionRate: number | null;
  draftsAbandoned: number;
  firstResponseMedianHours: number | null;
  stoppedBy: StoppedByCounts;
}

/**
 * Statuses that imply the order reached `confirmed`. An order with a `deliveredAt`
 * also counts, whatever its current status.
 */
export const REACHED_CONFIRMED_STATUSES: readonly string[] = Object.freeze([
  'confirmed',
  'in_progress',
  'on_hold',
  'delivered',
  'accepted',
  'closed',
]);

export const RATE_DECIMALS = 4;
export const DAYS_DECIMALS = 2;
export const SATISFACTION_DECIMALS = 2;
export const SECONDS_PER_DAY = 86_400;
export const HOURS_DECIMALS = 2;
export const MONEY_DECIMALS = 2;
/**
 * First-response times are kept rounded: to the quarter hour below 2 hours, to the whole hour
 * from there up to 1000 hours (capped there). The histogram's buckets stay few (a rollup row
 * holds one count per bucket) while quick answers keep their precision.
 */
export const FIRST_RESPONSE_QUARTERS_BELOW_HOURS = 2;
export const MAX_FIRST_RESPONSE_HOURS = 1000;

export const METRIC_DEFINITIONS: Record<keyof FeedbackLoopMetrics, string> = {
  orders: 'Number of orders in the group that were submitted at least once; orders never submitted are left out of every metric.',
  consultationRate: 'Submitted orders where a deliverer asked or advised before acceptance, divided by all submitted orders.',
  adviceFollowedRate:
    'Advice decisions where the requester revised and followed the advice, divided by all advice decisions (revise-after-advice plus keep); undecided advice is not counted.',
  changeRequestRate:
    'Orders that reached confirmed and had at least one change request, divided by orders that reached confirmed (delivered, or status confirmed, in_progress, on_hold, delivered, accepted or closed).',
  firstTimeRightRate: 'Orders whose delivery was accepted and that were never reopened, divided by orders whose delivery was accepted.',
  leadTimeMedianDays: 'Median lead time in days from submit to first delivery, over orders that have a lead time (percentile_cont(0.5)).',
  leadTimeP90Days:
    '90th percentile of lead time in days from submit to first delivery, over orders that have a lead time, interpolated linearly between the closest ranks (percentile_cont(0.9)).',
  onTimeRate:
    'Delivered orders with a due date whose first delivery fell (UTC calendar date) on or before the due date, divided by delivered orders with a due date.',
  satisfactionAvg: 'Sum of satisfaction scores (1 to 5) divided by the number of orders that have a score.',
  purposeAchievedRate:
    'Orders answering "yes" plus half of the orders answering "partly", divided by orders that answered the purpose question.',
  recommendationsIssued: 'Total number of recommendations issued in the retrospectives of the submitted orders.',
  recommendationsAdopted: 'Total number of those recommendations that were adopted later.',
  recommendationAdoptionRate:
    'Recommendations adopted divided by recommendations decided (adopted or declined); undecided recommendations are not counted.',
  timeInStatusDays:
    'For each status seen, total time all submitted orders spent in it (in days) divided by the number of submitted orders, so orders that never had the status count as 0.',
  effortHoursPerOrder:
    'Hours the delivering side logged on the submitted orders, divided by the submitted orders that have any effort logged (orders without a log are left out, not counted as 0).',
  costPerOrder:
    'Logged hours times the hourly cost of the delivering unit, summed, divided by the submitted orders with effort logged whose delivering unit has an hourly cost.',
  channels: 'Submitted orders by how their draft was started: web pages, mail, or the API.',
  intakeCompletionRate:
    'Drafts started in the period (by month started) that were submitted, divided by drafts started in the period, deleted drafts included.',
  draftsAbandoned: 'Drafts started in the period that were not submitted: deleted, cancelled, or still a draft.',
  firstResponseMedianHours:
    'Median of the business hours (office hours of business days) from first submit to the delivering side’s first message or acceptance, not counting time in consultation (waiting on the requester); each time rounded to the quarter hour below 2 hours and to the hour above, over orders that had a response.',
  stoppedBy:
    'Answers to "what stopped you?": drafts (by month started) cancelled or deleted, and submitted orders (by month submitted) cancelled, per answer.',
};

// ---------------------------------------------------------------------------
// Numeric helpers
// ---------------------------------------------------------------------------

/**
 * Rounds half away from zero to `decimals` places, on the decimal value of `x`
 * (so 1.005 -> 1.01, as PostgreSQL `round(numeric, 2)` does, not 1.00 as the
 * naive `Math.round(x * 100) / 100` gives). Never returns -0.
 */
export function roundTo(x: number, decimals: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`cannot round non-finite value ${x}`);
  const factor = 10 ** decimals;
  // toPrecision(15) strips the binary representation error of the product.
  const scaled = Number((Math.abs(x) * factor).toPrecision(15));
  const rounded = (Math.sign(x) * Math.round(scaled)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** `numerator / denominator` rounded to 4 decimals, or null when the denominator is 0. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : roundTo(numerator / denominator, RATE_DECIMALS);
}

/** Sum in ascending order so that the result is independent of input order. */
function stableSum(values: number[]): number {
  return [...values].sort((a, b) => a - b).reduce((acc, v) => acc + v, 0);
}

/**
 * Percentile with linear interpolation between the closest ranks, exactly as
 * PostgreSQL `percentile_cont(p) WITHIN GROUP (ORDER BY v)`:
 *
 *   pos = p * (n - 1);  lo = floor(pos);  hi = ceil(pos)
 *   result = v[lo] + (pos - lo) * (v[hi] - v[lo])
 *
 * e.g. p90 of [5, 10, 20]: pos = 1.8 -> 10 + 0.8 * 10 = 18.
 *
 * @param sortedValues finite numbers sorted ascending (checked; throws otherwise)
 * @param p fraction in [0, 1] (throws otherwise, like PostgreSQL)
 * @returns null for an empty input; the value is not rounded
 */
export function percentile(sortedValues: number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile ${p} is not between 0 and 1`);
  for (let i = 0; i < sortedValues.length; i++) {
    if (!Number.isFinite(sortedValues[i])) throw new RangeError('percentile values must be finite');
    if (i > 0 && sortedValues[i - 1] > sortedValues[i]) {
      throw new RangeError('percentile values must be sorted ascending');
    }
  }
  const n = sortedValues.length;
  if (n === 0) return null;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const low = sortedValues[lo];
  if (hi === lo) return low;
  return low + (pos - lo) * (sortedValues[hi] - low);
}

/** Median (percentile_cont(0.5)) of finite values in any order; null when empty. Does not mutate the input. */
export function median(values: number[]): number | null {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

// ---------------------------------------------------------------------------
// Input normalisation (defensive; see the module comment)
// ---------------------------------------------------------------------------

function validDate(d: Date | null): Date | null {
  return d instanceof Date && Number.isFinite(d.getTime()) ? d : null;
}

function count(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

function optionalNumber(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

/** UTC calendar date of `d` as 'YYYY-MM-DD'. */
export function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function isSubmitted(o: OrderFacts): boolean {
  return validDate(o.submittedAt) !== null;
}

export function reachedConfirmed(o: OrderFacts): boolean {
  return validDate(o.deliveredAt) !== null || REACHED_CONFIRMED_STATUSES.includes(o.status);
}

// ---------------------------------------------------------------------------
// The metrics
// ---------------------------------------------------------------------------

/** Every metric that is one number per group, in report order (CSV columns, chart choices). */
export const SCALAR_METRICS = [
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
  'effortHoursPerOrder',
  'costPerOrder',
  'intakeCompletionRate',
  'draftsAbandoned',
  'firstResponseMedianHours',
] as const satisfies ReadonlyArray<keyof FeedbackLoopMetrics>;
export type ScalarMetric = (typeof SCALAR_METRICS)[number];

/**
 * Additive sums behind every metric. Totals of disjoint sets of orders add up, so a rollup
 * table can store them per (month, service, requesting unit) and the report sums the rows;
 * medians and p90 come from a histogram of lead times, which adds up the same way.
 */
export interface MetricTotals {
  orders: number;
  consulted: number;
  adviceFollowed: number;
  adviceDecided: number;
  confirmed: number;
  withChangeRequest: number;
  accepted: number;
  firstTimeRight: number;
  /** lead time in days → number of orders */
  leadTimes: Map<number, number>;
  deliveredWithDue: number;
  onTime: number;
  satisfactionSum: number;
  satisfactionCount: number;
  purposeYes: number;
  purposePartly: number;
  purposeCount: number;
  recommendationsIssued: number;
  recommendationsAdopted: number;
  recommendationsDecided: number;
  secondsInStatus: Record<string, number>;
  effortMinutes: number;
  ordersWithEffort: number;
  /** Hours × hourly cost, over orders whose delivering unit has an hourly cost (read time only, never in a rollup). */
  effortCost: number;
  costedOrders: number;
  channelWeb: number;
  channelEmail: number;
  channelApi: number;
  draftsStarted: number;
  draftsSubmitted: number;
  /** first response in hours, rounded (roundFirstResponse) → number of orders */
  firstResponses: Map<number, number>;
  stoppedBy: StoppedByCounts;
}

function noStops(): StoppedByCounts {
  return Object.fromEntries(STOP_REASONS.map((r) => [r, 0])) as StoppedByCounts;
}

export function emptyTotals(): MetricTotals {
  return {
    orders: 0,
    consulted: 0,
    adviceFollowed: 0,
    adviceDecided: 0,
    confirmed: 0,
    withChangeRequest: 0,
    accepted: 0,
    firstTimeRight: 0,
    leadTimes: new Map(),
    deliveredWithDue: 0,
    onTime: 0,
    satisfactionSum: 0,
    satisfactionCount: 0,
    purposeYes: 0,
    purposePartly: 0,
    purposeCount: 0,
    recommendationsIssued: 0,
    recommendationsAdopted: 0,
    recommendationsDecided: 0,
    secondsInStatus: {},
    effortMinutes: 0,
    ordersWithEffort: 0,
    effortCost: 0,
    costedOrders: 0,
    channelWeb: 0,
    channelEmail: 0,
    channelApi: 0,
    draftsStarted: 0,
    draftsSubmitted: 0,
    firstResponses: new Map(),
    stoppedBy: noStops(),
  };
}

/** First-response hours as the histogram keeps them (see FIRST_RESPONSE_QUARTERS_BELOW_HOURS). */
export function roundFirstResponse(hours: number): number {
  const h = Math.min(Math.max(0, hours), MAX_FIRST_RESPONSE_HOURS);
  const quarters = Math.round(h * 4) / 4;
  return quarters < FIRST_RESPONSE_QUARTERS_BELOW_HOURS ? quarters : Math.max(FIRST_RESPONSE_QUARTERS_BELOW_HOURS, Math.round(h));
}

/** Rounded first-response hours ↔ the histogram array's bucket (0-based): quarters first, then hours. */
export function firstResponseBucket(hours: number): number {
  const h = roundFirstResponse(hours);
  const quarterBuckets = FIRST_RESPONSE_QUARTERS_BELOW_HOURS * 4;
  return h < FIRST_RESPONSE_QUARTERS_BELOW_HOURS ? h * 4 : quarterBuckets + (h - FIRST_RESPONSE_QUARTERS_BELOW_HOURS);
}

export function firstResponseOfBucket(bucket: number): number {
  const quarterBuckets = FIRST_RESPONSE_QUARTERS_BELOW_HOURS * 4;
  return bucket < quarterBuckets ? bucket / 4 : FIRST_RESPONSE_QUARTERS_BELOW_HOURS + (bucket - quarterBuckets);
}

/** The totals one draft contributes to the month it was started in. */
export function totalsOfDraft(d: DraftFacts): MetricTotals {
  const t = emptyTotals();
  t.draftsStarted = 1;
  t.draftsSubmitted = d.submitted ? 1 : 0;
  if (!d.submitted && d.stoppedBy && isStopReason(d.stoppedBy)) t.stoppedBy[d.stoppedBy] = 1;
  return t;
}

/** The totals one order contributes (all zero for an order never submitted). */
export function totalsOfOrder(o: OrderFacts): MetricTotals {
  const t = emptyTotals();
  if (!isSubmitted(o)) return t;
  t.orders = 1;
  t.consulted = o.consulted ? 1 : 0;
  t.adviceFollowed = count(o.adviceFollowed);
  t.adviceDecided = count(o.adviceDecided);
  if (reachedConfirmed(o)) {
    t.confirmed = 1;
    t.withChangeRequest = count(o.changeRequests) >= 1 ? 1 : 0;
  }
  if (validDate(o.acceptedAt) !== null) {
    t.accepted = 1;
    t.firstTimeRight = o.reopened ? 0 : 1;
  }
  const lead = optionalNumber(o.leadTimeDays);
  if (lead !== null) t.leadTimes.set(lead, 1);
  const delivered = validDate(o.deliveredAt);
  if (delivered !== null && o.dueDate !== null) {
    t.deliveredWithDue = 1;
    // Both sides are 'YYYY-MM-DD', so string order is date order.
    t.onTime = utcDate(delivered) <= o.dueDate ? 1 : 0;
  }
  const satisfaction = optionalNumber(o.satisfaction);
  if (satisfaction !== null) {
    t.satisfactionSum = satisfaction;
    t.satisfactionCount = 1;
  }
  if (o.purposeAchieved !== null) {
    t.purposeCount = 1;
    t.purposeYes = o.purposeAchieved === 'yes' ? 1 : 0;
    t.purposePartly = o.purposeAchieved === 'partly' ? 1 : 0;
  }
  t.recommendationsIssued = count(o.recommendationsIssued);
  t.recommendationsAdopted = count(o.recommendationsAdopted);
  t.recommendationsDecided = count(o.recommendationsDecided);
  // Object.fromEntries defines own properties, so even a '__proto__' status is safe.
  t.secondsInStatus = Object.fromEntries(Object.entries(o.secondsInStatus).map(([status, seconds]) => [status, count(seconds)]));
  const channel = o.channel ?? 'web';
  t.channelWeb = channel === 'web' ? 1 : 0;
  t.channelEmail = channel === 'email' ? 1 : 0;
  t.channelApi = channel === 'api' ? 1 : 0;
  const effort = Math.max(0, count(o.effortMinutes ?? 0));
  if (effort > 0) {
    t.effortMinutes = effort;
    t.ordersWithEffort = 1;
    const hourlyCost = optionalNumber(o.hourlyCost ?? null);
    if (hourlyCost !== null) {
      t.effortCost = (effort / 60) * hourlyCost;
      t.costedOrders = 1;
    }
  }
  const firstResponse = optionalNumber(o.firstResponseHours ?? null);
  if (firstResponse !== null) t.firstResponses.set(roundFirstResponse(firstResponse), 1);
  if (o.status === 'cancelled' && o.stoppedBy && isStopReason(o.stoppedBy)) t.stoppedBy[o.stoppedBy] = 1;
  return t;
}

/** Adds totals; numbers are summed in ascending order so the result does not depend on input order. */
export function addTotals(parts: MetricTotals[]): MetricTotals {
  const sum = (pick: (t: MetricTotals) => number) => stableSum(parts.map(pick));
  const leadTimes = new Map<number, number>();
  for (const part of parts) for (const [days, n] of part.leadTimes) leadTimes.set(days, (leadTimes.get(days) ?? 0) + n);
  const firstResponses = new Map<number, number>();
  for (const part of parts) for (const [q, n] of part.firstResponses) firstResponses.set(q, (firstResponses.get(q) ?? 0) + n);
  const statuses = new Set(parts.flatMap((p) => Object.keys(p.secondsInStatus)));
  return {
    orders: sum((t) => t.orders),
    consulted: sum((t) => t.consulted),
    adviceFollowed: sum((t) => t.adviceFollowed),
    adviceDecided: sum((t) => t.adviceDecided),
    confirmed: sum((t) => t.confirmed),
    withChangeRequest: sum((t) => t.withChangeRequest),
    accepted: sum((t) => t.accepted),
    firstTimeRight: sum((t) => t.firstTimeRight),
    leadTimes,
    deliveredWithDue: sum((t) => t.deliveredWithDue),
    onTime: sum((t) => t.onTime),
    satisfactionSum: sum((t) => t.satisfactionSum),
    satisfactionCount: sum((t) => t.satisfactionCount),
    purposeYes: sum((t) => t.purposeYes),
    purposePartly: sum((t) => t.purposePartly),
    purposeCount: sum((t) => t.purposeCount),
    recommendationsIssued: sum((t) => t.recommendationsIssued),
    recommendationsAdopted: sum((t) => t.recommendationsAdopted),
    recommendationsDecided: sum((t) => t.recommendationsDecided),
    secondsInStatus: Object.fromEntries([...statuses].map((s) => [s, sum((t) => t.secondsInStatus[s] ?? 0)])),
    effortMinutes: sum((t) => t.effortMinutes),
    ordersWithEffort: sum((t) => t.ordersWithEffort),
    effortCost: sum((t) => t.effortCost),
    costedOrders: sum((t) => t.costedOrders),
    channelWeb: sum((t) => t.channelWeb),
    channelEmail: sum((t) => t.channelEmail),
    channelApi: sum((t) => t.channelApi),
    draftsStarted: sum((t) => t.draftsStarted),
    draftsSubmitted: sum((t) => t.draftsSubmitted),
    firstResponses,
    stoppedBy: Object.fromEntries(STOP_REASONS.map((r) => [r, sum((t) => t.stoppedBy[r])])) as StoppedByCounts,
  };
}

/**
 * percentile_cont over a histogram (value → count) without expanding it: the same ranks and
 * the same interpolation as {@link percentile} on the sorted, expanded list.
 */
export function percentileOfHistogram(histogram: Map<number, number>, p: number): number | null {
  const entries = [...histogram.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((acc, [, c]) => acc + c, 0);
  if (n === 0) return null;
  const pos = p * (n - 1);
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const [value, c] of entries) {
      seen += c;
      if (rank < seen) return value;
    }
    return entries[entries.length - 1][0];
  };
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const low = valueAt(lo);
  return hi === lo ? low : low + (pos - lo) * (valueAt(hi) - low);
}

/** Every metric from totals: the one place where the definitions become numbers. */
export function metricsFromTotals(t: MetricTotals): FeedbackLoopMetrics {
  const leadMedian = percentileOfHistogram(t.leadTimes, 0.5);
  const leadP90 = percentileOfHistogram(t.leadTimes, 0.9);
  const firstResponse = percentileOfHistogram(t.firstResponses, 0.5);
  const n = t.orders;
  return {
    orders: n,
    consultationRate: rate(t.consulted, n),
    adviceFollowedRate: rate(t.adviceFollowed, t.adviceDecided),
    changeRequestRate: rate(t.withChangeRequest, t.confirmed),
    firstTimeRightRate: rate(t.firstTimeRight, t.accepted),
    leadTimeMedianDays: leadMedian === null ? null : roundTo(leadMedian, DAYS_DECIMALS),
    leadTimeP90Days: leadP90 === null ? null : roundTo(leadP90, DAYS_DECIMALS),
    onTimeRate: rate(t.onTime, t.deliveredWithDue),
    satisfactionAvg: t.satisfactionCount === 0 ? null : roundTo(t.satisfactionSum / t.satisfactionCount, SATISFACTION_DECIMALS),
    purposeAchievedRate: rate(t.purposeYes + 0.5 * t.purposePartly, t.purposeCount),
    recommendationsIssued: t.recommendationsIssued,
    recommendationsAdopted: t.recommendationsAdopted,
    recommendationAdoptionRate: rate(t.recommendationsAdopted, t.recommendationsDecided),
    timeInStatusDays:
      n === 0
        ? {}
        : Object.fromEntries(
            Object.keys(t.secondsInStatus)
              .sort()
              .map((status) => [status, roundTo(t.secondsInStatus[status] / SECONDS_PER_DAY / n, DAYS_DECIMALS)]),
          ),
    effortHoursPerOrder: t.ordersWithEffort === 0 ? null : roundTo(t.effortMinutes / 60 / t.ordersWithEffort, HOURS_DECIMALS),
    costPerOrder: t.costedOrders === 0 ? null : roundTo(t.effortCost / t.costedOrders, MONEY_DECIMALS),
    channels: { web: t.channelWeb, email: t.channelEmail, api: t.channelApi },
    intakeCompletionRate: rate(t.draftsSubmitted, t.draftsStarted),
    draftsAbandoned: t.draftsStarted - t.draftsSubmitted,
    firstResponseMedianHours: firstResponse === null ? null : roundTo(firstResponse, HOURS_DECIMALS),
    stoppedBy: { ...t.stoppedBy },
  };
}

/** `drafts`: the drafts started in the same group (intake measures, stop reasons of drafts). */
export function computeMetrics(orders: OrderFacts[], drafts: DraftFacts[] = []): FeedbackLoopMetrics {
  return metricsFromTotals(addTotals([...orders.map(totalsOfOrder), ...drafts.map(totalsOfDraft)]));
}

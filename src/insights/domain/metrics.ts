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

export const METRIC_DEFINITIONS: Record<keyof Omit<FeedbackLoopMetrics, 'timeInStatusDays'> | 'timeInStatusDays', string> = {
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

export function computeMetrics(orders: OrderFacts[]): FeedbackLoopMetrics {
  const submitted = orders.filter(isSubmitted);
  const n = submitted.length;

  const consulted = submitted.filter((o) => o.consulted).length;

  const adviceFollowed = stableSum(submitted.map((o) => count(o.adviceFollowed)));
  const adviceDecided = stableSum(submitted.map((o) => count(o.adviceDecided)));

  const confirmed = submitted.filter(reachedConfirmed);
  const withChangeRequest = confirmed.filter((o) => count(o.changeRequests) >= 1).length;

  const accepted = submitted.filter((o) => validDate(o.acceptedAt) !== null);
  const firstTimeRight = accepted.filter((o) => !o.reopened).length;

  const leadTimes = submitted
    .map((o) => optionalNumber(o.leadTimeDays))
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const leadMedian = percentile(leadTimes, 0.5);
  const leadP90 = percentile(leadTimes, 0.9);

  let deliveredWithDue = 0;
  let onTime = 0;
  for (const o of submitted) {
    const delivered = validDate(o.deliveredAt);
    if (delivered === null || o.dueDate === null) continue;
    deliveredWithDue++;
    // Both sides are 'YYYY-MM-DD', so string order is date order.
    if (utcDate(delivered) <= o.dueDate) onTime++;
  }

  const scores = submitted.map((o) => optionalNumber(o.satisfaction)).filter((v): v is number => v !== null);
  const satisfactionAvg = scores.length === 0 ? null : roundTo(stableSum(scores) / scores.length, SATISFACTION_DECIMALS);

  const purposes = submitted.map((o) => o.purposeAchieved).filter((v) => v !== null);
  const purposeScore = purposes.filter((v) => v === 'yes').length + 0.5 * purposes.filter((v) => v === 'partly').length;

  const recommendationsIssued = stableSum(submitted.map((o) => count(o.recommendationsIssued)));
  const recommendationsAdopted = stableSum(submitted.map((o) => count(o.recommendationsAdopted)));
  const recommendationsDecided = stableSum(submitted.map((o) => count(o.recommendationsDecided)));

  const secondsByStatus = new Map<string, number[]>();
  for (const o of submitted) {
    for (const [status, seconds] of Object.entries(o.secondsInStatus)) {
      const list = secondsByStatus.get(status) ?? [];
      list.push(count(seconds));
      secondsByStatus.set(status, list);
    }
  }
  // Object.fromEntries defines own properties, so even a '__proto__' status is safe.
  const timeInStatusDays: Record<string, number> = Object.fromEntries(
    [...secondsByStatus.keys()]
      .sort()
      .map((status) => [status, roundTo(stableSum(secondsByStatus.get(status) ?? []) / SECONDS_PER_DAY / n, DAYS_DECIMALS)]),
  );

  return {
    orders: n,
    consultationRate: rate(consulted, n),
    adviceFollowedRate: rate(adviceFollowed, adviceDecided),
    changeRequestRate: rate(withChangeRequest, confirmed.length),
    firstTimeRightRate: rate(firstTimeRight, accepted.length),
    leadTimeMedianDays: leadMedian === null ? null : roundTo(leadMedian, DAYS_DECIMALS),
    leadTimeP90Days: leadP90 === null ? null : roundTo(leadP90, DAYS_DECIMALS),
    onTimeRate: rate(onTime, deliveredWithDue),
    satisfactionAvg,
    purposeAchievedRate: rate(purposeScore, purposes.length),
    recommendationsIssued,
    recommendationsAdopted,
    recommendationAdoptionRate: rate(recommendationsAdopted, recommendationsDecided),
    timeInStatusDays,
  };
}

// Open figures: what every resident may read about the support units. Pure rules, no framework.
import { csvLines } from './csv';
import { rate, type FeedbackLoopMetrics } from './metrics';

/** A group with fewer orders than this shows no figures at all (null), so no one's order can be singled out. */
export const OPEN_FIGURES_MIN_ORDERS = 5;
/** The version of the columns below; a change to them is a new version, never an edit of this one. */
// open-figures/1 had the columns up to digitalTakeUpRate; /2 adds firstResponseMedianHours at the end.
export const OPEN_FIGURES_SCHEMA = 'open-figures/2';
export const OPEN_FIGURES_LICENCE = 'Creative Commons Attribution 4.0 (CC BY 4.0), https://creativecommons.org/licenses/by/4.0/';

/** One support unit in one month. Aggregates only: never a person, a requesting unit or an order. */
export interface OpenFigure {
  supportUnitId: string;
  supportUnit: string;
  /** YYYY-MM, by the month orders were submitted. */
  month: string;
  /** null when fewer than OPEN_FIGURES_MIN_ORDERS, like every figure of the group. */
  orders: number | null;
  leadTimeMedianDays: number | null;
  onTimeRate: number | null;
  satisfactionAvg: number | null;
  purposeAchievedRate: number | null;
  adviceFollowedRate: number | null;
  recommendationsAdopted: number | null;
  /** Share of the orders not started by mail (on the web pages or through the API). */
  digitalTakeUpRate: number | null;
  /** Median business hours to the delivering side's first response (see docs/metrics.md). */
  firstResponseMedianHours: number | null;
}

/** Column order of the CSV: the schema. */
export const OPEN_FIGURE_COLUMNS = [
  'supportUnitId',
  'supportUnit',
  'month',
  'orders',
  'leadTimeMedianDays',
  'onTimeRate',
  'satisfactionAvg',
  'purposeAchievedRate',
  'adviceFollowedRate',
  'recommendationsAdopted',
  'digitalTakeUpRate',
  'firstResponseMedianHours',
] as const satisfies ReadonlyArray<keyof OpenFigure>;

export function openFigure(group: { supportUnitId: string; supportUnit: string; month: string }, m: FeedbackLoopMetrics): OpenFigure {
  const shown = m.orders >= OPEN_FIGURES_MIN_ORDERS;
  const value = <T>(v: T): T | null => (shown ? v : null);
  return {
    ...group,
    orders: value(m.orders),
    leadTimeMedianDays: value(m.leadTimeMedianDays),
    onTimeRate: value(m.onTimeRate),
    satisfactionAvg: value(m.satisfactionAvg),
    purposeAchievedRate: value(m.purposeAchievedRate),
    adviceFollowedRate: value(m.adviceFollowedRate),
    recommendationsAdopted: value(m.recommendationsAdopted),
    digitalTakeUpRate: value(rate(m.orders - m.channels.email, m.orders)),
    firstResponseMedianHours: value(m.firstResponseMedianHours),
  };
}

/** The CSV: a comment line with the schema and the licence, the header, then one line per unit and month. */
export function openFiguresCsv(rows: OpenFigure[]): string {
  return (
    `# ${OPEN_FIGURES_SCHEMA}; licence: ${OPEN_FIGURES_LICENCE}\r\n` +
    csvLines([[...OPEN_FIGURE_COLUMNS], ...rows.map((r) => OPEN_FIGURE_COLUMNS.map((c) => r[c]))])
  );
}

import { DomainError } from '../../common/domain-error';
import type { ReportRow } from '../../insights/feedback-loop-report.service';
import { SCALAR_METRICS, type ScalarMetric } from '../../insights/domain/metrics';
import type { Formats, Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';

export const METRICS = SCALAR_METRICS;

export const metricName = (t: Translate, metric: ScalarMetric): string => t(`metric.${metric}` as MessageKey);

/** A metric's value as a reader sees it: rates as percentages, days and scores with up to two decimals. */
export function formatMetric(fmt: Formats, metric: ScalarMetric, value: number | null): string | null {
  if (value === null) return null;
  if (metric.endsWith('Rate')) return `${fmt.number(value * 100, 1)} %`;
  return fmt.number(value, 2);
}

export function isValidation(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === 'validation_failed';
}

/** The statuses seen in any row, in a stable order. */
export function statusesOf(rows: ReportRow[]): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(r.timeInStatusDays)))].sort();
}

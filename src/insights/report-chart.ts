import { SCALAR_METRICS, ScalarMetric } from './domain/metrics';

/** Every scalar metric makes sense as one bar per group. */
export const CHART_METRICS = SCALAR_METRICS;
export type ChartMetric = ScalarMetric;

const TITLES: Record<ChartMetric, string> = {
  orders: 'Orders',
  consultationRate: 'Orders with consultation',
  adviceFollowedRate: 'Advice followed',
  changeRequestRate: 'Orders with a change request',
  firstTimeRightRate: 'Accepted without reopening',
  leadTimeMedianDays: 'Lead time, median (business days)',
  leadTimeP90Days: 'Lead time, 90th percentile (business days)',
  onTimeRate: 'Delivered on time',
  satisfactionAvg: 'Satisfaction (1–5)',
  purposeAchievedRate: 'Purpose achieved',
  recommendationsIssued: 'Recommendations issued',
  recommendationsAdopted: 'Recommendations adopted',
  recommendationAdoptionRate: 'Recommendations adopted (of decided)',
  effortHoursPerOrder: 'Effort per order (hours)',
  costPerOrder: 'Cost per order',
  intakeCompletionRate: 'Drafts submitted (of started)',
  draftsAbandoned: 'Drafts abandoned',
  firstResponseMedianHours: 'First response, median (business hours)',
};

export interface ChartBar {
  label: string;
  value: number | null;
}

/**
 * A horizontal bar chart as SVG: one bar per report group, rates as percentages on a 0–100 %
 * scale, everything else on a scale from 0 to the largest value. Groups without data say so
 * instead of drawing a zero bar. Pure: rows in, markup out.
 */
/** A page's own words for the chart (its language); the API's chart is in English. */
export interface ChartText {
  title: string;
  description: string;
  noData: string;
  empty: string;
  format?: (metric: ChartMetric, value: number) => string;
}

export function renderBarChart(metric: ChartMetric, bars: ChartBar[], text?: ChartText): string {
  const isRate = metric.endsWith('Rate');
  const width = 720;
  const labelWidth = 220;
  const barHeight = 22;
  const gap = 8;
  const top = 48;
  const plot = width - labelWidth - 80;
  const height = top + Math.max(1, bars.length) * (barHeight + gap) + 16;
  const max = isRate ? 1 : metric === 'satisfactionAvg' ? 5 : Math.max(1, ...bars.map((b) => b.value ?? 0));
  const title = text?.title ?? TITLES[metric];
  const format = (v: number) =>
    text?.format ? text.format(metric, v) : isRate ? `${Math.round(v * 1000) / 10} %` : Number.isInteger(v) ? String(v) : v.toFixed(2);

  const rows = bars.map((bar, i) => {
    const y = top + i * (barHeight + gap);
    const label = `<text x="${labelWidth - 8}" y="${y + barHeight * 0.7}" text-anchor="end">${escapeXml(truncate(bar.label, 32))}</text>`;
    if (bar.value === null) {
      return `${label}<text x="${labelWidth + 4}" y="${y + barHeight * 0.7}" fill="#595959" font-style="italic">${escapeXml(text?.noData ?? 'no data')}</text>`;
    }
    const w = Math.max(1, Math.round((bar.value / max) * plot));
    return (
      `${label}<rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" rx="3" fill="#2f6fb3"><title>${escapeXml(bar.label)}: ${format(bar.value)}</title></rect>` +
      `<text x="${labelWidth + w + 6}" y="${y + barHeight * 0.7}">${format(bar.value)}</text>`
    );
  });
  const empty =
    bars.length === 0
      ? `<text x="${labelWidth}" y="${top + 16}" fill="#595959">${escapeXml(text?.empty ?? 'No orders in this selection.')}</text>`
      : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13" fill="#1d2733" role="img" ${
      text ? 'aria-labelledby="chart-title" aria-describedby="chart-desc"' : `aria-label="${escapeXml(title)}"`
    }>`,
    text ? `<title id="chart-title">${escapeXml(title)}</title><desc id="chart-desc">${escapeXml(text.description)}</desc>` : '',
    `<text x="16" y="28" font-size="16" font-weight="600" aria-hidden="true">${escapeXml(title)}</text>`,
    `<line x1="${labelWidth}" y1="${top - 6}" x2="${labelWidth}" y2="${height - 12}" stroke="#c5ccd4"/>`,
    ...rows,
    empty,
    '</svg>',
  ].join('');
}

/** Counted in code points, so a cut never splits a character in two. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

const NOT_IN_XML =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Markup characters become entities, and characters XML 1.0 does not allow at all (most C0
 * controls, lone surrogates, U+FFFE/U+FFFF) are dropped: one of them would make the whole chart
 * unreadable. Names are cleaned on write; this also covers names stored before that.
 */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_IN_XML, '')
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

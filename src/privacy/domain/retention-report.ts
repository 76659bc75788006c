/** One order a retention run reached (or, in a dry run, would reach). */
export interface RetainedOrderLine {
  reference: string;
  finishedAt: Date;
}

/**
 * What `npm run retention` prints: one line an order (its reference and when it was closed or
 * cancelled, tab-separated for scripts), then the summary of what went or would go.
 */
export function retentionReport(orders: RetainedOrderLine[], removed: Record<string, number>, dryRun: boolean): string[] {
  const lines = orders.map((o) => `${o.reference}\tfinished ${o.finishedAt.toISOString().slice(0, 10)}`);
  const what = Object.entries(removed)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  lines.push(`${dryRun ? 'Would remove' : 'Removed'} the personal data of ${orders.length} order(s)${what ? `: ${what}` : ''}.`);
  return lines;
}

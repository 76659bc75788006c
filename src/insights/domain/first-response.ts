// The first response to a submitted order: pure, with the business-hours measure passed in.

export interface StatusStep {
  to: string;
  at: string | Date;
}

/**
 * Business hours from `submittedAt` to `respondedAt`, not counting the time the order spent
 * in consultation (waiting on the requester). `events` are the order's status events in order;
 * `hoursBetween` measures one interval in business hours. Null without a response.
 */
export function firstResponseHours(
  submittedAt: Date | null,
  respondedAt: Date | null,
  events: StatusStep[],
  hoursBetween: (from: Date, to: Date) => number,
): number | null {
  if (!submittedAt || !respondedAt) return null;
  const end = respondedAt.getTime();
  let cursor = submittedAt.getTime();
  if (end <= cursor) return 0;
  let status = 'submitted';
  let hours = 0;
  for (const e of events) {
    const at = new Date(e.at).getTime();
    if (at <= cursor) {
      // Events before the first submit (the draft) or at the same instant set the status only.
      if (at <= submittedAt.getTime() || at === cursor) status = e.to;
      continue;
    }
    if (at >= end) break;
    if (status !== 'in_consultation') hours += hoursBetween(new Date(cursor), new Date(at));
    cursor = at;
    status = e.to;
  }
  if (status !== 'in_consultation') hours += hoursBetween(new Date(cursor), new Date(end));
  return hours;
}

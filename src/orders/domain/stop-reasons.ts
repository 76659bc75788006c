/**
 * "What stopped you?": the fixed answers a requester may give when cancelling an order or
 * deleting a draft. Counted in the feedback-loop report (`stoppedBy`); a new answer needs a
 * migration (the CHECKs on `orders.stopped_by` and `intake_facts.stopped_by`, a rollup column).
 */
export const STOP_REASONS = ['no_longer_needed', 'found_another_way', 'questions_too_hard', 'takes_too_long', 'other'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export function isStopReason(value: unknown): value is StopReason {
  return typeof value === 'string' && (STOP_REASONS as readonly string[]).includes(value);
}

/** What a manager may decide about a service after reading the loop's patterns (a note on the service). */
export const SERVICE_DECISIONS = ['change_service', 'change_questions', 'keep_as_is', 'other'] as const;
export type ServiceDecision = (typeof SERVICE_DECISIONS)[number];

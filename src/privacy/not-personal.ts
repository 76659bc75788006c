/**
 * Tables whose columns look as if they named a person but do not hold personal data, each with
 * the reason; the schema test (test/privacy/personal-data-schema.e2e-spec.ts) accepts a
 * person-like column only in a table a holder exports or in this list.
 */
export const NOT_PERSONAL: Readonly<Record<string, string>> = {
  units: "`name` is an organisational unit's name, not a person's.",
  services: "`name` is a catalog service's name.",
  schema_migrations: '`name` is a migration class name.',
  intake_facts:
    '`stopped_by` is the reason a draft was left (a code from a fixed list), counted by service and month; the row names no person.',
  service_notes:
    '`author_id` is the id of the manager who recorded a decision on a service: an id only, which shows "Former user" after an erasure; the decision is the organisation\'s.',
  unit_hourly_costs:
    '`updated_by` is the id of the admin who last set a unit\'s hourly cost: an id only, which shows "Former user" after an erasure; the cost is the organisation\'s.',
};

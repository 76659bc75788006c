import { IdentityAndAudit1795385779097 } from './1795385779097-IdentityAndAudit';
import { CatalogOrdersRetrospectives1795386081715 } from './1795386081715-CatalogOrdersRetrospectives';
import { FeedbackLoopRollup1795386676450 } from './1795386676450-FeedbackLoopRollup';

/** Migrations in the order they run; `npm run migration:generate -- Name` writes new ones to add here. */
export const MIGRATIONS: Function[] = [
  IdentityAndAudit1795385779097,
  CatalogOrdersRetrospectives1795386081715,
  FeedbackLoopRollup1795386676450,
];

// Module boundaries for src/<module>/: a module reaches another through its facade, never
// through its entities or its tables. `TABLE_OWNERS` is the ownership list; the declared
// cross-module read models (src/insights/read-models.ts) are exempt in eslint.config.mjs.
import path from 'node:path';

/** Which module owns each table. A new table goes here with its migration. */
export const TABLE_OWNERS = {
  units: 'identity',
  users: 'identity',
  memberships: 'identity',
  sessions: 'identity',
  login_failures: 'identity',
  write_counts: 'identity',
  audit_events: 'audit',
  services: 'catalog',
  questionnaires: 'catalog',
  orders: 'orders',
  order_sequences: 'orders',
  status_events: 'orders',
  spec_versions: 'orders',
  consultation_messages: 'orders',
  change_requests: 'orders',
  checklist_items: 'orders',
  retrospectives: 'retrospectives',
  feedback: 'retrospectives',
  recommendations: 'retrospectives',
  order_recommendations: 'retrospectives',
  order_facts: 'insights',
  feedback_loop_rollup: 'insights',
  intake_facts: 'insights',
  service_notes: 'catalog',
  outbox_events: 'events',
  attachments: 'files',
  attachment_links: 'files',
  order_efforts: 'orders',
  unit_hourly_costs: 'insights',
  notifications: 'notifications',
  notification_preferences: 'notifications',
  notification_deliveries: 'notifications',
  outbound_mails: 'notifications',
  scheduled_notices: 'notifications',
  webhooks: 'notifications',
  webhook_deliveries: 'notifications',
  delivery_breakers: 'notifications',
  saved_views: 'workspace',
  inbound_mails: 'inbound',
  inbound_mail_answers: 'inbound',
  ideas: 'ideas',
  idea_supports: 'ideas',
  idea_links: 'ideas',
  panels: 'panels',
  panel_members: 'panels',
  surveys: 'panels',
  survey_respondents: 'panels',
  survey_responses: 'panels',
};

/** The module a file belongs to: the folder under src/, or null outside src/. */
function moduleOf(cwd, filename) {
  const parts = path.relative(cwd, filename).split(path.sep);
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : null;
}

// A table named after FROM/JOIN/INTO/UPDATE/TABLE in SQL (keywords in capitals, as our SQL is
// written, so prose like "orders from" does not count).
const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+"?([a-z_][a-z0-9_]*)"?/g;
// Query-builder methods whose first argument is a table name: `.innerJoin('order_recommendations', …)`.
const TABLE_ARGUMENT = /^(?:from|into|update|delete|(?:inner|left)?Join(?:AndSelect|AndMap(?:One|Many))?)$/;

function foreignTables(text, own) {
  const found = new Set();
  for (const match of text.matchAll(SQL_TABLE)) {
    const table = match[1];
    if (TABLE_OWNERS[table] && TABLE_OWNERS[table] !== own) found.add(table);
  }
  return [...found];
}

function isTableArgument(node) {
  const call = node.parent;
  return (
    call?.type === 'CallExpression' &&
    call.arguments[0] === node &&
    call.callee.type === 'MemberExpression' &&
    call.callee.property.type === 'Identifier' &&
    TABLE_ARGUMENT.test(call.callee.property.name)
  );
}

const noForeignTables = {
  meta: {
    type: 'problem',
    docs: { description: "SQL in one module does not name another module's tables" },
    messages: {
      foreign: "SQL in src/{{own}}/ names the table '{{table}}', owned by {{owner}}: ask the {{owner}} facade, or declare a read model.",
    },
    schema: [],
  },
  create(context) {
    const own = moduleOf(context.cwd, context.filename);
    if (!own) return {};
    const check = (node, text) => {
      for (const table of foreignTables(text, own)) {
        context.report({ node, messageId: 'foreign', data: { own, table, owner: TABLE_OWNERS[table] } });
      }
    };
    return {
      Literal(node) {
        if (typeof node.value !== 'string') return;
        check(node, node.value);
        const owner = TABLE_OWNERS[node.value];
        if (owner && owner !== own && isTableArgument(node)) {
          context.report({ node, messageId: 'foreign', data: { own, table: node.value, owner } });
        }
      },
      TemplateLiteral(node) {
        check(node, node.quasis.map((q) => q.value.cooked ?? '').join(' '));
      },
    };
  },
};

const noForeignEntities = {
  meta: {
    type: 'problem',
    docs: { description: "a module does not import another module's entities" },
    messages: {
      foreign: "src/{{own}}/ imports an entity of {{owner}} ('{{source}}'): use the {{owner}} facade instead.",
    },
    schema: [],
  },
  create(context) {
    const own = moduleOf(context.cwd, context.filename);
    if (!own) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), source);
      const parts = path.relative(context.cwd, target).split(path.sep);
      if (parts[0] === 'src' && parts[2] === 'entities' && parts[1] !== own) {
        context.report({ node, messageId: 'foreign', data: { own, owner: parts[1], source } });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export default {
  meta: { name: 'module-boundaries' },
  rules: { 'no-foreign-tables': noForeignTables, 'no-foreign-entities': noForeignEntities },
};

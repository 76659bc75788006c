import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Runs a hot read as a named prepared statement on the pool's connection: PostgreSQL parses and
 * plans it once per connection rather than on every request. For the queries every request
 * makes (the session lookup, one order, a list page), planning cost more than running: the
 * session lookup's recursive CTE plans in milliseconds and runs in a quarter of one.
 * The name is the text's digest, so two texts never share a name on a connection.
 */
export async function preparedQuery<T = Record<string, unknown>>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  try {
    return (await poolOf(db).query({ name: statementName(text), text, values })).rows as T[];
  } catch (error) {
    // A migration changed what the statement returns ("cached plan must not change result
    // type"): this connection's plan is stale, so run the text unprepared rather than fail.
    if ((error as { code?: unknown }).code !== '0A000') throw error;
    return unpreparedQuery<T>(db, text, values);
  }
}

/**
 * The same read, parsed and planned on every call: for a query whose best plan depends on its
 * values (a list under a caller's visibility: a generic plan walks every order for a caller
 * who sees few), or whose shapes are too many to keep prepared on every connection.
 */
export async function unpreparedQuery<T = Record<string, unknown>>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  return (await poolOf(db).query({ text, values })).rows as T[];
}

const poolOf = (db: DataSource): Pool => (db.driver as unknown as { master: Pool }).master;

/**
 * The entity's columns, named, for a prepared SELECT: unlike `alias.*`, a column a later
 * migration adds does not change what the statement returns.
 */
export function columnsOf(db: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  const metadata = db.getMetadata(entity);
  const byAlias = columnLists.get(metadata) ?? new Map<string, string>();
  columnLists.set(metadata, byAlias);
  let list = byAlias.get(alias);
  if (list === undefined) {
    // Built once: the view asks for it on every request.
    list = metadata.columns.map((column) => `${alias}."${column.databaseName}"`).join(', ');
    byAlias.set(alias, list);
  }
  return list;
}

const columnLists = new WeakMap<object, Map<string, string>>();

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    // The texts are a bounded set (one per query shape); the cap only guards against a leak.
    if (names.size < 10_000) names.set(text, name);
  }
  return name;
}

/** Entities from rows whose fields are their columns' names after `prefix`, converted as TypeORM converts them. */
export function hydrate<E extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<E>,
  rows: Array<Record<string, unknown>>,
  prefix = '',
): E[] {
  const metadata = db.getMetadata(entity);
  return rows.map((row) => {
    const e = metadata.create() as E;
    for (const column of metadata.columns) {
      column.setEntityValue(e, db.driver.prepareHydratedValue(row[prefix + column.databaseName], column));
    }
    return e;
  });
}

const shapes = new Map<string, { text: string; names: string[] }>();

/**
 * A query written with `:name` parameters (as the visibility rule is) as `$n` text and values,
 * the text's shape computed once: building a large query through TypeORM's query builder costs
 * about a quarter of a millisecond per request, more than running it.
 */
export function positional(sql: string, params: Record<string, unknown>): { text: string; values: unknown[] } {
  let shape = shapes.get(sql);
  if (!shape) {
    const names: string[] = [];
    // `:name`, not a `::type` cast nor a colon inside a word (`HH24:MI:SS` in a date format).
    const text = sql.replace(/(?<![:\w]):([a-zA-Z_]\w*)/g, (_m, name: string) => {
      const at = names.indexOf(name);
      return `$${at >= 0 ? at + 1 : names.push(name)}`;
    });
    shape = { text, names };
    if (shapes.size < 1000) shapes.set(sql, shape);
  }
  return {
    text: shape.text,
    values: shape.names.map((name) => {
      if (!(name in params)) throw new Error(`no value for the query parameter :${name}`);
      return params[name];
    }),
  };
}

import type { AppConfig } from '../src/config/app-config';
import { parseOfficeHours } from '../src/orders/domain/business-hours';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { validateAnswers } from '../src/catalog/domain/validate-answers';
import type { Question } from '../src/catalog/domain/question';
import { encodeCursor } from '../src/common/page';
import { AUTHENTICATE_SQL } from '../src/identity/session.service';
import { FeedbackLoopReportService } from '../src/insights/feedback-loop-report.service';
import { OrderFactsService } from '../src/insights/order-facts.service';
import type { FeedbackLoopQueryDto } from '../src/insights/report.dto';
import type { EventPublisher } from '../src/events/event-publisher';
import { allowedActions, ActorRole, OrderStatus } from '../src/orders/domain/order-lifecycle';
import { parseHolidays } from '../src/orders/domain/business-days';
import { orderPartsSelect, orderTimelineSelect, OrderPartsRow } from '../src/orders/order-view.sql';
import type { Actor } from '../src/identity/access/actor';

/**
 * The baseline: `node:http` and `pg`, no framework, no ORM, doing the same SQL work as the app
 * for the benchmarked routes: the session lookup by token digest (same SQL), the visibility rule
 * in the WHERE clause, the same queries (imported where the app keeps them as SQL text) and the
 * same JSON shapes. What it leaves out is everything between the socket and the SQL: routing,
 * guards, pipes and validation of DTOs, interceptors, the request logger, helmet's headers, and
 * TypeORM's query building and hydration.
 */
const THREAD_WINDOW = 50;
const IDLE_MINUTES = 60;

interface Caller {
  userId: string;
  isAdmin: boolean;
  memberships: Array<{ unitId: string; role: string }>;
  managedUnitIds: string[];
}

export function startRawServer(databaseUrl: string, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 20, application_name: 'bench-raw' });
  // The report reads through a query runner (the replica's, when there is one): answer as one.
  const report = new FeedbackLoopReportService({
    createQueryRunner: () => ({ query: (sql: string, params?: unknown[]) => rows(pool, sql, params), release: async () => undefined }),
  } as unknown as DataSource);
  const facts = new OrderFactsService(
    { holidays: parseHolidays('') },
    { officeHours: parseOfficeHours('08:00-16:00', 'Europe/Helsinki') } as AppConfig,
    { onEvents() {}, onSignal() {} } as unknown as EventPublisher,
  );

  async function authenticate(req: IncomingMessage): Promise<Caller | null> {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return null;
    const digest = createHash('sha256').update(header.slice(7).trim()).digest('hex');
    const [row] = await prepared(pool, AUTHENTICATE_SQL, [digest, IDLE_MINUTES]);
    if (!row) return null;
    if (Date.now() - new Date(row.last_seen_at as string).getTime() > 60_000) {
      await pool.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [row.session_id]);
    }
    const memberships = (row.memberships as Caller['memberships']) ?? [];
    return {
      userId: row.user_id as string,
      isAdmin: row.is_admin as boolean,
      memberships,
      managedUnitIds: (row.managed_unit_ids as string[]) ?? [],
    };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { title: String(error) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const caller = await authenticate(req);
    if (!caller) return send(res, 401, { title: 'Unauthenticated' });
    const url = new URL(req.url ?? '/', 'http://raw');
    // The files bench's baseline: the same file streamed from disk, nothing else (BENCH_FILE).
    if (req.method === 'GET' && url.pathname === '/raw-file' && process.env.BENCH_FILE) return sendFile(res, process.env.BENCH_FILE);
    const path = url.pathname.split('/').filter(Boolean); // api v1 orders :id …
    if (path[2] === 'reports' && path[3] === 'feedback-loop') {
      const query = Object.fromEntries(url.searchParams) as FeedbackLoopQueryDto;
      return send(res, 200, await report.report(asActor(caller), query));
    }
    if (path[2] !== 'orders') return send(res, 404, { title: 'Not found' });
    if (req.method === 'GET' && path.length === 3) return send(res, 200, await list(caller, url.searchParams));
    if (req.method === 'GET' && path.length === 4) return found(res, await view(caller, path[3]));
    if (req.method === 'GET' && path[4] === 'timeline') return found(res, await timeline(caller, path[3]));
    if (req.method === 'POST' && path.length === 3) return send(res, 201, await create(caller, await body(req)));
    if (req.method === 'POST' && path[4] === 'submit') return found(res, await submit(caller, path[3], await body(req)));
    return send(res, 404, { title: 'Not found' });
  }

  async function list(caller: Caller, params: URLSearchParams): Promise<unknown> {
    const limit = Number(params.get('limit') ?? 50);
    const values: unknown[] = [];
    const where = [visibility(caller, 'o', values)];
    for (const [param, column] of [
      ['status', 'status'],
      ['supportUnitId', 'support_unit_id'],
      ['requesterUnitId', 'requester_unit_id'],
      ['serviceId', 'service_id'],
    ]) {
      const value = params.get(param);
      if (value) where.push(`o.${column} = $${values.push(value)}`);
    }
    // Planned per call, as the app's list is.
    const found = await rows(
      pool,
      `SELECT o.*, o.created_at::text AS cursor_at FROM orders o WHERE ${where.join(' AND ')}
        ORDER BY o.created_at DESC, o.id DESC LIMIT $${values.push(limit + 1)}`,
      values,
    );
    const items = found.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(summary),
      nextCursor: found.length > limit && last ? encodeCursor([last.cursor_at as string, last.id as string]) : null,
    };
  }

  async function view(caller: Caller, id: string, db: Pool | PoolClient = pool): Promise<unknown> {
    const values: unknown[] = [id];
    const [row] = await (db === pool ? prepared : rows)(
      db,
      `SELECT o.*, ${orderPartsSelect('o.id', THREAD_WINDOW)} FROM orders o WHERE o.id = $1 AND ${visibility(caller, 'o', values)}`,
      values,
    );
    return row ? fullView(caller, row as Record<string, unknown> & OrderPartsRow) : null;
  }

  async function timeline(caller: Caller, id: string): Promise<unknown> {
    const values: unknown[] = [id];
    // Prepared, as the app's timeline is.
    const [row] = await prepared(
      pool,
      `SELECT ${orderTimelineSelect('o.id')} FROM orders o WHERE o.id = $1 AND ${visibility(caller, 'o', values)}`,
      values,
    );
    return row ? { items: row.timeline } : null;
  }

  /** A draft: write limit, service and questionnaire, reference, the order, its status and audit events, recommendations shown, its view. */
  async function create(caller: Caller, dto: Record<string, unknown>): Promise<unknown> {
    await pool.query(
      `INSERT INTO write_counts (user_id, bucket, window_start, hits)
       VALUES ($1, 'drafts', to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
       ON CONFLICT (user_id, bucket, window_start) DO UPDATE SET hits = write_counts.hits + 1 RETURNING hits`,
      [caller.userId, 3600],
    );
    return transaction(async (c) => {
      const [service] = await rows(c, 'SELECT * FROM services WHERE id = $1 FOR SHARE', [dto.serviceId]);
      const [questionnaire] = await rows(
        c,
        `SELECT * FROM questionnaires WHERE service_id = $1 AND status = 'published' ORDER BY version DESC LIMIT 1`,
        [service.id],
      );
      const year = new Date().getUTCFullYear();
      const [{ last }] = await rows(
        c,
        `INSERT INTO order_sequences (support_unit_id, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (support_unit_id, year) DO UPDATE SET last = order_sequences.last + 1 RETURNING last`,
        [service.support_unit_id, year],
      );
      const [unit] = await rows(c, 'SELECT * FROM units WHERE id = $1', [service.support_unit_id]);
      const [order] = await rows(
        c,
        `INSERT INTO orders (reference, service_id, support_unit_id, requester_unit_id, requester_id, questionnaire_id, title, purpose, desired_date, answers, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft') RETURNING *`,
        [
          `${unit.code}-${year}-${String(last).padStart(4, '0')}`,
          service.id,
          service.support_unit_id,
          dto.requesterUnitId,
          caller.userId,
          questionnaire.id,
          dto.title,
          dto.purpose,
          dto.desiredDate ?? null,
          JSON.stringify(dto.answers ?? {}),
        ],
      );
      await statusEvent(c, order.id as string, null, 'draft', 'create', caller.userId);
      await audit(c, caller.userId, 'order.created', order.id as string, null, {
        reference: order.reference,
        serviceId: service.id,
        title: order.title,
      });
      await c.query(
        `INSERT INTO order_recommendations (order_id, recommendation_id)
         SELECT $1, r.id FROM recommendations r
          WHERE r.status = 'open' AND r.expires_at > now() AND r.target_unit_id = $2 AND r.support_unit_id = $4
            AND (r.target_service_id IS NULL OR r.target_service_id = $3)
         ON CONFLICT DO NOTHING`,
        [order.id, order.requester_unit_id, order.service_id, order.support_unit_id],
      );
      return view(caller, order.id as string, c);
    });
  }

  /** Submit: the order locked under the visibility rule, answers checked, the change, events, the report's facts, its view. */
  async function submit(caller: Caller, id: string, dto: Record<string, unknown>): Promise<unknown> {
    return transaction(async (c) => {
      const values: unknown[] = [id];
      const [order] = await rows(c, `SELECT o.* FROM orders o WHERE o.id = $1 AND ${visibility(caller, 'o', values)} FOR UPDATE`, values);
      if (!order || order.version !== dto.version || order.status !== 'draft') return null;
      const [questionnaire] = await rows(c, 'SELECT * FROM questionnaires WHERE id = $1', [order.questionnaire_id]);
      const { answers, errors } = validateAnswers(questionnaire.questions as Question[], order.answers as Record<string, never>);
      const undecided = await rows(
        c,
        `SELECT r.id FROM recommendations r JOIN order_recommendations orr ON orr.recommendation_id = r.id
          WHERE orr.order_id = $1 AND r.status = 'open' AND r.expires_at > now()`,
        [id],
      );
      if (errors.length || undecided.length) throw new Error('cannot submit');
      await c.query(
        `UPDATE orders SET answers = $2, submitted_at = now(), status = 'submitted', version = version + 1, updated_at = now() WHERE id = $1 AND version = $3`,
        [id, JSON.stringify(answers), order.version],
      );
      await statusEvent(c, id, 'draft', 'submitted', 'submit', caller.userId);
      await audit(c, caller.userId, 'order.submit', id, { status: 'draft', version: order.version }, { status: 'submitted' });
      const [after] = await rows(c, 'SELECT * FROM orders WHERE id = $1', [id]);
      await c.query(
        'INSERT INTO outbox_events (type, order_id, payload, occurred_at) VALUES ($1, $2, $3, clock_timestamp()) RETURNING id',
        ['order.submitted', id, JSON.stringify({ orderId: id, reference: after.reference, status: after.status, actorId: caller.userId })],
      );
      await facts.refresh(managerOf(c), id);
      return view(caller, id, c);
    });
  }

  async function transaction<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const result = await work(c);
      await c.query('COMMIT');
      return result;
    } catch (error) {
      await c.query('ROLLBACK');
      throw error;
    } finally {
      c.release();
    }
  }

  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        close: async () => {
          await new Promise((done) => server.close(done));
          await pool.end();
        },
      });
    });
  });
}

/** The app's visibility rule (orders/order-access.ts), with positional parameters. */
function visibility(caller: Caller, o: string, values: unknown[]): string {
  if (caller.isAdmin) return 'TRUE';
  const units = [...new Set([...caller.memberships.map((m) => m.unitId), ...caller.managedUnitIds])];
  const requesterUnits = caller.memberships.filter((m) => m.role === 'requester').map((m) => m.unitId);
  const user = `$${values.push(caller.userId)}`;
  const own = `$${values.push(requesterUnits)}`;
  const all = `$${values.push(units)}`;
  return `((${o}.requester_id = ${user} OR ${o}.requester_unit_id = ANY(${own}))
      OR (${o}.status <> 'draft' AND (${o}.requester_unit_id = ANY(${all}) OR ${o}.support_unit_id = ANY(${all}))))`;
}

function summary(o: Record<string, unknown>): Record<string, unknown> {
  const today = new Date().toISOString().slice(0, 10);
  return {
    id: o.id,
    reference: o.reference,
    serviceId: o.service_id,
    supportUnitId: o.support_unit_id,
    requesterUnitId: o.requester_unit_id,
    requesterId: o.requester_id,
    title: o.title,
    purpose: o.purpose,
    desiredDate: o.desired_date,
    status: o.status,
    assigneeId: o.assignee_id,
    dueDate: o.due_date,
    overdue: o.due_date !== null && (o.status === 'confirmed' || o.status === 'in_progress') && (o.due_date as string) < today,
    version: o.version,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    submittedAt: o.submitted_at,
  };
}

function fullView(caller: Caller, o: Record<string, unknown> & OrderPartsRow): Record<string, unknown> {
  const thread = (items: Array<{ row: { id: string }; at: string }>) => {
    const page = items.slice(0, THREAD_WINDOW);
    const last = page[page.length - 1];
    const nextCursor = items.length > THREAD_WINDOW && last ? encodeCursor([last.at, last.row.id]) : null;
    return { items: page.map((i) => i.row).reverse(), nextCursor };
  };
  const messages = thread(o.messages);
  const changeRequests = thread(o.change_requests);
  const roles: ActorRole[] = [];
  const has = (role: string, unitId: unknown) => caller.memberships.some((m) => m.role === role && m.unitId === unitId);
  if (has('requester', o.requester_unit_id)) roles.push('requester');
  if (has('deliverer', o.support_unit_id)) roles.push('deliverer');
  return {
    ...summary(o),
    answers: o.answers,
    questionnaireId: o.questionnaire_id,
    copyOfId: o.copy_of_id,
    deliveryNote: o.delivery_note,
    professionalNote: o.professional_note,
    deliveredAt: o.delivered_at,
    acceptedAt: o.accepted_at,
    closedAt: o.closed_at,
    specVersions: o.spec_versions,
    checklist: o.checklist,
    messages: messages.items,
    messagesHasMore: messages.nextCursor !== null,
    messagesNextCursor: messages.nextCursor,
    changeRequests: changeRequests.items,
    changeRequestsHasMore: changeRequests.nextCursor !== null,
    changeRequestsNextCursor: changeRequests.nextCursor,
    recommendations: o.recommendations,
    allowedActions: [...new Set(roles.flatMap((r) => allowedActions(o.status as OrderStatus, r)))],
  };
}

async function statusEvent(
  c: PoolClient,
  orderId: string,
  from: string | null,
  to: string,
  action: string,
  actorId: string,
): Promise<void> {
  await c.query(
    `INSERT INTO status_events (order_id, seq, from_status, to_status, action, actor_id, note, at)
     SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, NULL, clock_timestamp() FROM status_events WHERE order_id = $1`,
    [orderId, from, to, action, actorId],
  );
}

async function audit(c: PoolClient, actorId: string, action: string, orderId: string, before: unknown, after: unknown): Promise<void> {
  await c.query(`INSERT INTO audit_events (actor_id, action, entity, entity_id, before, after) VALUES ($1, $2, 'order', $3, $4, $5)`, [
    actorId,
    action,
    orderId,
    before === null ? null : JSON.stringify(before),
    JSON.stringify(after),
  ]);
}

async function rows(db: Pool | PoolClient, sql: string, values?: unknown[]): Promise<Array<Record<string, unknown>>> {
  return (await db.query(sql, values)).rows as Array<Record<string, unknown>>;
}

/** As the app runs its hot reads (src/database/prepared-query.ts): a named statement, planned once per connection. */
async function prepared(db: Pool | PoolClient, text: string, values: unknown[]): Promise<Array<Record<string, unknown>>> {
  const name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  return (await db.query({ name, text, values })).rows as Array<Record<string, unknown>>;
}

/** The facts refresh takes an EntityManager but only runs SQL through it: answer as TypeORM's `query` does. */
function managerOf(c: PoolClient): EntityManager {
  return {
    query: async (sql: string, values?: unknown[]) => {
      const result = await c.query(sql, values);
      return result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount] : result.rows;
    },
  } as unknown as EntityManager;
}

function asActor(caller: Caller): Actor {
  return {
    userId: caller.userId,
    email: '',
    name: '',
    isAdmin: caller.isAdmin,
    memberships: caller.memberships as Actor['memberships'],
    memberUnitIds: [...new Set(caller.memberships.map((m) => m.unitId))],
    managedUnitIds: caller.managedUnitIds,
    sessionId: '',
    via: 'bearer',
    language: null,
  };
}

function found(res: ServerResponse, value: unknown): void {
  if (value === null) send(res, 404, { title: 'Order not found' });
  else send(res, 200, value);
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {});
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on('error', reject);
  });
}

/** A file from disk as a download, streamed: what a server without a framework does. */
async function sendFile(res: ServerResponse, path: string): Promise<void> {
  const { size } = await stat(path);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  await pipeline(createReadStream(path), res).catch(() => undefined);
}

// Run on its own (`node dist/bench/raw-server.js`), as the benchmark does, so it has a process to itself like the app.
if (require.main === module) {
  // Dates of `date` columns as the app gives them: 'YYYY-MM-DD', not a Date at local midnight.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('pg') as typeof import('pg')).types.setTypeParser(1082, (value: string) => value);
  startRawServer(process.env.DATABASE_URL!, Number(process.env.PORT ?? 0)).then(
    (s) => console.log(`raw baseline listening at ${s.url}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

import type { Answer, Api, Organisation, User } from './api';
import type { ScenarioDatabase } from './database';

/** What the API acknowledged (2xx) about one order: its state after the last such answer. */
export interface AckedOrder {
  id: string;
  reference: string;
  status: string;
  version: number;
  /** Every status an acknowledged answer reported, in order. */
  statuses: string[];
  doneItems: Set<string>;
}

/** Every change the API acknowledged during a load, and everything else it answered. */
export class Ledger {
  readonly orders = new Map<string, AckedOrder>();
  /** 2xx answers to writes. */
  acknowledged = 0;
  /** Answers that were neither 2xx nor expected by the scenario: status, route and body. */
  readonly unexpected: string[] = [];
  /** Requests with no answer (connection refused or reset, the app gone). */
  networkErrors = 0;
  /** Answers by status code. */
  readonly statuses = new Map<number, number>();

  ackOrder(body: { id: string; reference: string; status: string; version: number }): void {
    this.acknowledged++;
    const known = this.orders.get(body.id);
    if (!known) {
      this.orders.set(body.id, { ...pick(body), statuses: [body.status], doneItems: new Set() });
      return;
    }
    if (body.version >= known.version) Object.assign(known, pick(body));
    if (known.statuses.at(-1) !== body.status) known.statuses.push(body.status);
  }

  ackItem(orderId: string, itemId: string): void {
    this.acknowledged++;
    this.orders.get(orderId)?.doneItems.add(itemId);
  }

  count(status: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }
}

function pick(body: { id: string; reference: string; status: string; version: number }) {
  return { id: body.id, reference: body.reference, status: body.status, version: body.version };
}

export interface Lane {
  requester: User;
  deliverer: User;
  schoolId: string;
  serviceId: string;
}

/** `clients` lanes of load over the organisation's requesters and support units in turn. */
export function lanesOf(org: Organisation, clients = org.requesters.length): Lane[] {
  return Array.from({ length: clients }, (_, i) => {
    const lane = org.lanes[i % org.lanes.length];
    return {
      requester: org.requesters[i % org.requesters.length],
      deliverer: lane.deliverer,
      schoolId: org.school.id,
      serviceId: lane.serviceId,
    };
  });
}

export interface LoadOptions {
  /** Stop starting new requests once this says so. */
  until: () => boolean;
  /** Statuses that are part of the scenario (503 while the database is away) and not failures. */
  tolerated?: number[];
  /** Pause after an unanswered or tolerated request before the next cycle. */
  backoffMs?: number;
  /** Extra headers on every request (a client address for the proxy). */
  headers?: Record<string, string>;
}

/**
 * One client: orders go from draft to accepted, one after another, as a requester and a
 * deliverer would take them (create, submit, accept, start, tick, deliver, accept delivery).
 * Each acknowledged answer goes to the ledger; anything else ends the cycle and a new one starts.
 */
export async function orderCycles(api: Api, lane: Lane, ledger: Ledger, options: LoadOptions): Promise<void> {
  const tolerated = new Set(options.tolerated ?? []);
  const send = async (expected: number, method: string, path: string, token: string, body?: unknown): Promise<Answer | null> => {
    let answer: Answer;
    try {
      answer = await api.call(method, path, { token, body, headers: options.headers });
    } catch {
      ledger.networkErrors++;
      return null;
    }
    ledger.count(answer.status);
    if (answer.status === expected) return answer;
    if (!tolerated.has(answer.status))
      ledger.unexpected.push(`${answer.status} ${method} ${path}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    return null;
  };
  const { requester, deliverer } = lane;
  while (!options.until()) {
    const ok = await (async () => {
      const created = await send(201, 'POST', '/api/v1/orders', requester.token, {
        serviceId: lane.serviceId,
        requesterUnitId: lane.schoolId,
        title: 'Open day flyer',
        purpose: 'Parents of new pupils know when the open day is, so more of them come.',
        answers: { audience: 'parents of new pupils' },
      });
      if (!created) return false;
      ledger.ackOrder(created.body);
      let order = created.body;
      for (const [who, action] of [
        [requester, 'submit'],
        [deliverer, 'accept'],
        [deliverer, 'start'],
      ] as const) {
        if (options.until()) return true;
        const next = await send(200, 'POST', `/api/v1/orders/${order.id}/${action}`, who.token, { version: order.version });
        if (!next) return false;
        ledger.ackOrder(next.body);
        order = next.body;
      }
      for (const item of order.checklist as Array<{ id: string }>) {
        const ticked = await send(200, 'PATCH', `/api/v1/orders/${order.id}/checklist/${item.id}`, deliverer.token, { done: true });
        if (!ticked) return false;
        ledger.ackItem(order.id, item.id);
      }
      const current = await send(200, 'GET', `/api/v1/orders/${order.id}`, deliverer.token);
      if (!current) return false;
      const delivered = await send(200, 'POST', `/api/v1/orders/${order.id}/deliver`, deliverer.token, {
        version: current.body.version,
        deliveryNote: 'Delivered as ordered.',
      });
      if (!delivered) return false;
      ledger.ackOrder(delivered.body);
      const accepted = await send(200, 'POST', `/api/v1/orders/${order.id}/accept-delivery`, requester.token, {
        version: delivered.body.version,
      });
      if (!accepted) return false;
      ledger.ackOrder(accepted.body);
      return true;
    })();
    if (!ok) await new Promise((r) => setTimeout(r, options.backoffMs ?? 50));
  }
}

export interface IntegrityReport {
  acknowledgedWrites: number;
  acknowledgedOrders: number;
  foundOrders: number;
  /** Acknowledged changes not in the database (should be none). */
  lost: string[];
  /** Rows that one transaction should have written together but are not all there. */
  halfWritten: Record<string, number>;
  duplicateReferences: number;
}

/**
 * Compares the ledger with the database: every acknowledged order, status and ticked item is
 * there (a change in flight when the app died may have landed beyond it, never short of it),
 * nothing is half-written, and no reference is taken twice.
 */
export async function checkIntegrity(db: ScenarioDatabase, ledger: Ledger): Promise<IntegrityReport> {
  const lost: string[] = [];
  const ids = [...ledger.orders.keys()];
  const orders = await db.rows<{ id: string; reference: string; status: string; version: number }>(
    'SELECT id, reference, status, version FROM orders WHERE id = ANY($1::uuid[])',
    [ids],
  );
  const found = new Map(orders.map((o) => [o.id, o]));
  const events = await db.rows<{ order_id: string; to_status: string }>(
    'SELECT order_id, to_status FROM status_events WHERE order_id = ANY($1::uuid[])',
    [ids],
  );
  const reached = new Map<string, Set<string>>();
  for (const e of events) reached.set(e.order_id, (reached.get(e.order_id) ?? new Set()).add(e.to_status));
  const items = await db.rows<{ id: string; done: boolean }>(
    'SELECT c.id, c.done FROM checklist_items c WHERE c.order_id = ANY($1::uuid[])',
    [ids],
  );
  const done = new Map(items.map((i) => [i.id, i.done]));
  for (const acked of ledger.orders.values()) {
    const row = found.get(acked.id);
    if (!row) {
      lost.push(`order ${acked.reference} (${acked.id}) is missing`);
      continue;
    }
    if (row.reference !== acked.reference) lost.push(`order ${acked.id} has reference ${row.reference}, acknowledged ${acked.reference}`);
    if (row.version < acked.version) lost.push(`order ${acked.reference} is at version ${row.version}, acknowledged ${acked.version}`);
    for (const status of acked.statuses) {
      if (!reached.get(acked.id)?.has(status)) lost.push(`order ${acked.reference} has no status event to ${status}`);
    }
    for (const item of acked.doneItems) if (done.get(item) !== true) lost.push(`order ${acked.reference}: ticked item ${item} is not done`);
  }

  const one = async (sql: string) => Number((await db.rows<{ n: string }>(sql))[0].n);
  const halfWritten: Record<string, number> = {
    'order without its creation event': await one(
      `SELECT count(*) AS n FROM orders o WHERE NOT EXISTS (SELECT 1 FROM status_events e WHERE e.order_id = o.id AND e.action = 'create')`,
    ),
    'order whose last status event is not its status': await one(
      `SELECT count(*) AS n FROM orders o WHERE o.status IS DISTINCT FROM
         (SELECT e.to_status FROM status_events e WHERE e.order_id = o.id ORDER BY e.seq DESC LIMIT 1)`,
    ),
    'order without its creation audit': await one(
      `SELECT count(*) AS n FROM orders o WHERE NOT EXISTS
         (SELECT 1 FROM audit_events a WHERE a.entity = 'order' AND a.entity_id = o.id::text AND a.action = 'order.created')`,
    ),
    'transition without its outbox event': await one(
      `SELECT count(*) AS n FROM status_events e WHERE e.action <> 'create' AND NOT EXISTS
         (SELECT 1 FROM outbox_events x WHERE x.order_id = e.order_id AND x.payload->>'status' = e.to_status)`,
    ),
    'confirmed order without a spec version': await one(
      `SELECT count(*) AS n FROM orders o WHERE o.confirmed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM spec_versions s WHERE s.order_id = o.id)`,
    ),
    'spec version without its checklist': await one(
      `SELECT count(*) AS n FROM spec_versions s WHERE NOT EXISTS (SELECT 1 FROM checklist_items c WHERE c.order_id = s.order_id)`,
    ),
    'delivered order with an open checklist item': await one(
      `SELECT count(*) AS n FROM orders o WHERE o.delivered_at IS NOT NULL AND EXISTS (SELECT 1 FROM checklist_items c WHERE c.order_id = o.id AND NOT c.done)`,
    ),
    'reference beyond its unit sequence': await one(
      `SELECT count(*) AS n FROM orders o JOIN units u ON u.id = o.support_unit_id
         LEFT JOIN order_sequences q ON q.support_unit_id = o.support_unit_id AND q.year = split_part(o.reference, '-', 2)::int
        WHERE q.last IS NULL OR split_part(o.reference, '-', 3)::int > q.last`,
    ),
  };
  const duplicateReferences = await one(
    `SELECT count(*) AS n FROM (SELECT reference FROM orders GROUP BY reference HAVING count(*) > 1) d`,
  );
  return {
    acknowledgedWrites: ledger.acknowledged,
    acknowledgedOrders: ledger.orders.size,
    foundOrders: found.size,
    lost,
    halfWritten,
    duplicateReferences,
  };
}

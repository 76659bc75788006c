import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Presets, SingleBar } from 'cli-progress';
import type { QueryRunner } from 'typeorm';
import { rebuildRollups } from '../src/insights/rollup-rebuild';
import { BenchServer, benchDatabaseName, openBenchDatabase, openBenchServer, ordersArgument } from './bench-database';

/**
 * Seeds the API benchmark's database with an organisation that looks like a real one, set-based
 * (INSERT … SELECT over generate_series, a chunk of orders per statement), through the app's own
 * migrations:
 *
 *   npm run bench:seed -- --orders 1000000     # BENCH_DATABASE_URL, or the embedded server in .data/bench-postgres
 *
 * 8 support units with 5 services each (a published questionnaire per service), 120 requesting
 * units, 3 requesters per requesting unit, 5 deliverers and a manager per support unit, an admin;
 * every user has a session whose bearer token is `bench-<email>` (see `benchToken`). Orders are
 * spread over three years in every status, each with the status events and audit events of the
 * path it took, and by status: a frozen spec version and a checklist, consultation messages,
 * change requests, a retrospective, feedback, recommendations (shown on a later order of the
 * same unit), and the report's facts and rollups.
 */
export const SUPPORT_UNITS = 8;
export const SERVICES_PER_UNIT = 5;
export const CORE_UNITS = 120;
const REQUESTERS_PER_UNIT = 3;
const DELIVERERS_PER_UNIT = 5;
const YEARS = 3;
const CHUNK = 50_000;

/** Where each final status came from: the path of (action, from, to) an order took, in order. */
const PATHS: Record<string, Array<[string, string | null, string]>> = {};
const create: [string, null, string] = ['create', null, 'draft'];
const submit: [string, string, string] = ['submit', 'draft', 'submitted'];
const accept: [string, string, string] = ['accept', 'submitted', 'confirmed'];
const start: [string, string, string] = ['start', 'confirmed', 'in_progress'];
const deliver: [string, string, string] = ['deliver', 'in_progress', 'delivered'];
const acceptDelivery: [string, string, string] = ['accept_delivery', 'delivered', 'accepted'];
PATHS.draft = [create];
PATHS.submitted = [create, submit];
PATHS.in_consultation = [create, submit, ['message_requester', 'submitted', 'in_consultation']];
PATHS.confirmed = [create, submit, accept];
PATHS.in_progress = [create, submit, accept, start];
PATHS.on_hold = [create, submit, accept, start, ['hold', 'in_progress', 'on_hold']];
PATHS.delivered = [create, submit, accept, start, deliver];
PATHS.accepted = [create, submit, accept, start, deliver, acceptDelivery];
PATHS.closed = [create, submit, accept, start, deliver, acceptDelivery, ['close', 'accepted', 'closed']];
PATHS.cancelled = [create, submit, ['cancel', 'submitted', 'cancelled']];

/** Share of orders per final status, in per mille, adding up to 1000. */
const STATUS_SHARES: Array<[string, number]> = [
  ['draft', 30],
  ['submitted', 60],
  ['in_consultation', 30],
  ['confirmed', 50],
  ['in_progress', 80],
  ['on_hold', 20],
  ['delivered', 40],
  ['accepted', 30],
  ['closed', 610],
  ['cancelled', 50],
];

export const QUESTIONS = [
  { key: 'audience', type: 'text', label: 'Who is it for?', required: true, maxLength: 200 },
  {
    key: 'channel',
    type: 'choice',
    label: 'Channel',
    required: true,
    options: [
      { value: 'web', label: 'Web' },
      { value: 'print', label: 'Print' },
      { value: 'social', label: 'Social media' },
    ],
  },
  { key: 'copies', type: 'number', label: 'Copies', min: 1, max: 100000 },
];

async function main(): Promise<void> {
  const orders = ordersArgument(process.argv.slice(2), 10_000);
  const server = await openBenchServer((line) => console.log(line));
  try {
    await seedDatabase(server, orders);
  } finally {
    await server.stop();
  }
}

/** Seeds (replacing) the benchmark database for this many orders, rollups included. */
export async function seedDatabase(server: BenchServer, orders: number): Promise<void> {
  const started = performance.now();
  const name = benchDatabaseName(orders);
  const { db } = await openBenchDatabase(server, name, 2);
  const q = db.createQueryRunner();
  try {
    await q.connect();
    console.log(`seeding ${orders.toLocaleString()} orders into ${name}…`);
    await seed(q, orders);
    await q.release();
    console.log('building the report’s rollups from the orders’ facts…');
    const bar = progressBar('rollups', 'facts');
    bar.start(1, 0);
    await rebuildRollups(db, (done, total) => {
      bar.setTotal(total);
      bar.update(done);
    });
    bar.stop();
    await db.query('ANALYZE');
    console.log(`seeded ${name} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    if (!q.isReleased) await q.release();
    await db.destroy();
  }
}

export async function seed(q: QueryRunner, orders: number): Promise<void> {
  // Faster bulk writes where allowed: no fsync wait per commit; skip FK and append-only triggers as superuser.
  await q.query('SET synchronous_commit = off');
  await q.query('SET session_replication_role = replica').catch(() => undefined);
  await q.query(
    `TRUNCATE units, users, sessions, memberships, services, questionnaires, orders, order_sequences, order_facts,
              feedback_loop_rollup, audit_events, recommendations, write_counts, outbox_events CASCADE`,
  );
  await organisation(q);

  const bar = progressBar('orders ', 'orders');
  bar.start(orders, 0);
  for (let from = 1; from <= orders; from += CHUNK) {
    const to = Math.min(orders, from + CHUNK - 1);
    await chunk(q, from, to, orders);
    bar.update(to);
  }
  bar.stop();
  const year = new Date().getUTCFullYear();
  // The app's next reference per support unit and year must not collide with a seeded one.
  await q.query(
    `INSERT INTO order_sequences (support_unit_id, year, last)
     SELECT id, $1, $2 FROM units WHERE kind = 'support'`,
    [year, orders + 1],
  );
  await q.query('SET session_replication_role = DEFAULT').catch(() => undefined);
}

/** A bar on a terminal; a line every few seconds when the output is a file or a pipe. */
function progressBar(label: string, unit: string): SingleBar {
  return new SingleBar(
    {
      format: `  ${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted} | eta {eta_formatted}`,
      formatValue: (v, _options, type) => (type === 'value' || type === 'total' ? v.toLocaleString('en') : String(v)),
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      etaBuffer: 5,
    },
    Presets.shades_classic,
  );
}

/** Units, users with sessions and memberships, services with a published questionnaire. */
async function organisation(q: QueryRunner): Promise<void> {
  await q.query(`INSERT INTO units (name, kind, code) VALUES ('Bench municipality', 'core', 'BEN')`);
  await q.query(
    `INSERT INTO units (name, kind, code, parent_id)
     SELECT 'Support ' || i, 'support', 'S' || chr(64 + i), (SELECT id FROM units WHERE code = 'BEN') FROM generate_series(1, $1) i`,
    [SUPPORT_UNITS],
  );
  await q.query(
    `INSERT INTO units (name, kind, code, parent_id)
     SELECT 'School ' || i, 'core', 'C' || chr(65 + i / 26) || chr(65 + i % 26), (SELECT id FROM units WHERE code = 'BEN') FROM generate_series(1, $1) i`,
    [CORE_UNITS],
  );
  await q.query(
    `INSERT INTO services (support_unit_id, name, description, target_lead_time_days)
     SELECT u.id, u.name || ' service ' || i, 'A service of ' || u.name, 3 + i * 2 FROM units u, generate_series(1, $1) i WHERE u.kind = 'support'`,
    [SERVICES_PER_UNIT],
  );
  await q.query(
    `INSERT INTO questionnaires (service_id, version, status, questions, published_at) SELECT id, 1, 'published', $1, now() FROM services`,
    [JSON.stringify(QUESTIONS)],
  );
  await q.query(
    `INSERT INTO users (email, name, is_admin) VALUES ('admin@bench.example', 'Bench admin', true);
     INSERT INTO users (email, name)
     SELECT lower(u.code) || '-requester-' || k || '@bench.example', u.name || ' requester ' || k
       FROM units u, generate_series(1, ${REQUESTERS_PER_UNIT}) k WHERE u.kind = 'core' AND u.parent_id IS NOT NULL;
     INSERT INTO users (email, name)
     SELECT lower(u.code) || '-deliverer-' || k || '@bench.example', u.name || ' deliverer ' || k
       FROM units u, generate_series(1, ${DELIVERERS_PER_UNIT}) k WHERE u.kind = 'support';
     INSERT INTO users (email, name)
     SELECT lower(u.code) || '-manager@bench.example', u.name || ' manager' FROM units u WHERE u.kind = 'support'`,
  );
  await q.query(
    `INSERT INTO memberships (user_id, unit_id, role)
     SELECT us.id, u.id, parts[2] FROM users us
      CROSS JOIN LATERAL regexp_match(us.email, '^([a-z]+)-(requester|deliverer|manager)') AS parts
      JOIN units u ON lower(u.code) = parts[1]`,
  );
  // Every user is signed in: bearer token `bench-<email>`, stored as its SHA-256 like the app's.
  await q.query(
    `INSERT INTO sessions (user_id, token_hash, csrf_hash, kind, last_seen_at, expires_at)
     SELECT id, encode(sha256(convert_to('bench-' || email, 'UTF8')), 'hex'), encode(sha256(convert_to('csrf-' || email, 'UTF8')), 'hex'),
            'password', now(), now() + interval '30 days' FROM users`,
  );
  // Lookups for the chunks: units, services and people by number.
  await q.query(
    `CREATE TEMP TABLE b_core AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, id FROM units WHERE kind = 'core' AND parent_id IS NOT NULL`,
  );
  await q.query(
    `CREATE TEMP TABLE b_service AS
     SELECT row_number() OVER (ORDER BY s.name) - 1 AS i, s.id, s.support_unit_id, qn.id AS questionnaire_id, u.code
       FROM services s JOIN questionnaires qn ON qn.service_id = s.id JOIN units u ON u.id = s.support_unit_id`,
  );
  await q.query(
    `CREATE TEMP TABLE b_person AS
     SELECT m.unit_id, m.role, row_number() OVER (PARTITION BY m.unit_id, m.role ORDER BY us.email) - 1 AS k, us.id AS user_id
       FROM memberships m JOIN users us ON us.id = m.user_id`,
  );
  await q.query(`CREATE INDEX ON b_person (unit_id, role, k)`);
  const shares = STATUS_SHARES.map(([status, share]) => `('${status}', ${share})`).join(', ');
  await q.query(
    `CREATE TEMP TABLE b_status AS
     SELECT status, coalesce(sum(share) OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS lo,
            sum(share) OVER (ORDER BY n) AS hi
       FROM (SELECT *, row_number() OVER () AS n FROM (VALUES ${shares}) v(status, share)) s`,
  );
  const steps = Object.entries(PATHS)
    .flatMap(([status, path]) =>
      path.map(([action, from, to], i) => `('${status}', ${i + 1}, '${action}', ${from ? `'${from}'` : 'NULL'}, '${to}')`),
    )
    .join(', ');
  await q.query(`CREATE TEMP TABLE b_path AS SELECT * FROM (VALUES ${steps}) v(status, seq, action, from_status, to_status)`);
}

/** Orders from..to with everything they carry, one statement per table. */
async function chunk(q: QueryRunner, from: number, to: number, total: number): Promise<void> {
  await q.query('DROP TABLE IF EXISTS b_chunk');
  const cores = CORE_UNITS;
  const services = SUPPORT_UNITS * SERVICES_PER_UNIT;
  // Order g was created at a time rising with g over YEARS years up to now; each unit orders
  // from its own handful of services, as units do.
  await q.query(
    `CREATE TEMP TABLE b_chunk AS
     WITH raw AS (
       SELECT g, (hashint4(g * 7) & 2147483647) % ${cores} AS core_i,
              (hashint4(g * 19) & 2147483647) % 1000 AS r, (hashint4(g * 23) & 2147483647) % 1000 AS r2,
              now() - make_interval(days => ${YEARS * 365}) * (1 - g::float8 / $3) - make_interval(secs => (hashint4(g * 29) & 2147483647) % 3600) AS created_at
         FROM generate_series($1::int, $2::int) g
     )
     SELECT raw.g, gen_random_uuid() AS id, raw.created_at, raw.r, raw.r2, st.status,
            c.id AS requester_unit_id, s.id AS service_id, s.support_unit_id, s.questionnaire_id, s.code,
            (SELECT user_id FROM b_person p WHERE p.unit_id = c.id AND p.role = 'requester' AND p.k = raw.g % ${REQUESTERS_PER_UNIT}) AS requester_id,
            (SELECT user_id FROM b_person p WHERE p.unit_id = s.support_unit_id AND p.role = 'deliverer' AND p.k = raw.g % ${DELIVERERS_PER_UNIT}) AS deliverer_id,
            (SELECT count(*)::int FROM b_path bp WHERE bp.status = st.status) AS steps
       FROM raw
       JOIN b_core c ON c.i = raw.core_i
       JOIN b_service s ON s.i = (raw.core_i * 7 + (hashint4(raw.g) & 2147483647) % 8) % ${services}
       JOIN b_status st ON raw.r >= st.lo AND raw.r < st.hi`,
    [from, to, total],
  );
  await q.query('CREATE INDEX ON b_chunk (requester_unit_id, created_at)');
  // Step n of an order's path happened 20 hours after step n - 1.
  const stepAt = (seq: string) => `c.created_at + make_interval(hours => 20 * (${seq} - 1))`;
  const reached = (status: string) => `EXISTS (SELECT 1 FROM b_path bp WHERE bp.status = c.status AND bp.to_status = '${status}')`;
  await q.query(
    `INSERT INTO orders (id, reference, service_id, support_unit_id, requester_unit_id, requester_id, questionnaire_id, title, purpose,
                         desired_date, answers, status, assignee_id, due_date, delivery_note, version, created_at, updated_at,
                         submitted_at, confirmed_at, delivered_at, accepted_at, closed_at)
     SELECT c.id, c.code || '-' || extract(year FROM c.created_at) || '-B' || lpad(c.g::text, 7, '0'), c.service_id, c.support_unit_id,
            c.requester_unit_id, c.requester_id, c.questionnaire_id, 'Order ' || c.g || ': ' || (ARRAY['poster', 'web page', 'leaflet', 'video', 'survey'])[1 + c.g % 5],
            'Generated for the API benchmark so that order ' || c.g || ' reaches its audience', (c.created_at + interval '30 days')::date,
            jsonb_build_object('audience', 'Pupils of year ' || (1 + c.g % 9), 'channel', (ARRAY['web', 'print', 'social'])[1 + c.g % 3], 'copies', 10 + c.g % 500),
            c.status,
            CASE WHEN ${reached('confirmed')} THEN c.deliverer_id END,
            CASE WHEN ${reached('confirmed')} THEN (${stepAt('3')} + interval '14 days')::date END,
            CASE WHEN ${reached('delivered')} THEN 'Delivered as agreed' END,
            c.steps, c.created_at, ${stepAt('c.steps')},
            CASE WHEN c.status <> 'draft' THEN ${stepAt('2')} END,
            CASE WHEN ${reached('confirmed')} THEN ${stepAt('3')} END,
            CASE WHEN ${reached('delivered')} THEN ${stepAt('5')} END,
            CASE WHEN ${reached('accepted')} THEN ${stepAt('6')} END,
            CASE WHEN c.status = 'closed' THEN ${stepAt('7')} END
       FROM b_chunk c`,
  );
  const actor = `CASE WHEN bp.action IN ('create', 'submit', 'accept_delivery', 'cancel') THEN c.requester_id
                      WHEN bp.action = 'close' THEN NULL ELSE c.deliverer_id END`;
  await q.query(
    `INSERT INTO status_events (order_id, seq, from_status, to_status, action, actor_id, note, at)
     SELECT c.id, bp.seq, bp.from_status, bp.to_status, bp.action, ${actor},
            CASE WHEN bp.action = 'hold' THEN 'Waiting for the printer' END, ${stepAt('bp.seq')}
       FROM b_chunk c JOIN b_path bp ON bp.status = c.status`,
  );
  await q.query(
    `INSERT INTO audit_events (at, actor_id, action, entity, entity_id, before, after)
     SELECT ${stepAt('bp.seq')}, ${actor}, 'order.' || CASE bp.action WHEN 'create' THEN 'created' ELSE bp.action END, 'order', c.id::text,
            CASE WHEN bp.from_status IS NOT NULL THEN jsonb_build_object('status', bp.from_status, 'version', bp.seq - 1) END,
            jsonb_build_object('status', bp.to_status)
       FROM b_chunk c JOIN b_path bp ON bp.status = c.status`,
  );
  // Accepting freezes the spec and makes the checklist.
  await q.query(
    `INSERT INTO spec_versions (order_id, number, title, purpose, desired_date, answers, questionnaire_id, questionnaire_version, content_hash, created_by, created_at)
     SELECT o.id, 1, o.title, o.purpose, o.desired_date, o.answers, o.questionnaire_id, 1, md5(o.title || o.purpose || o.answers::text), c.deliverer_id, o.confirmed_at
       FROM b_chunk c JOIN orders o ON o.id = c.id WHERE o.confirmed_at IS NOT NULL`,
  );
  await q.query(
    `INSERT INTO checklist_items (order_id, position, label, done, done_by, done_at)
     SELECT o.id, p, (ARRAY['Draft', 'Review with the requester', 'Publish'])[p], o.delivered_at IS NOT NULL,
            CASE WHEN o.delivered_at IS NOT NULL THEN c.deliverer_id END, o.delivered_at
       FROM b_chunk c JOIN orders o ON o.id = c.id, generate_series(1, 3) p WHERE o.confirmed_at IS NOT NULL`,
  );
  // A question for every order in consultation; a question and its answer for a fifth of the others past submission.
  await q.query(
    `INSERT INTO consultation_messages (order_id, author_id, side, kind, body, created_at)
     SELECT c.id, c.deliverer_id, 'deliverer', 'question', 'Which size do you need, and by when?', ${stepAt('2')} + interval '2 hours'
       FROM b_chunk c WHERE c.status = 'in_consultation' OR (c.status NOT IN ('draft', 'submitted', 'cancelled') AND c.r2 < 200)
     UNION ALL
     SELECT c.id, c.requester_id, 'requester', 'answer', 'A3, before the parents’ evening', ${stepAt('2')} + interval '5 hours'
       FROM b_chunk c WHERE c.status NOT IN ('draft', 'submitted', 'cancelled', 'in_consultation') AND c.r2 < 200`,
  );
  await q.query(
    `INSERT INTO change_requests (order_id, proposed_by, proposed_by_side, reason, changes, status, decided_by, decided_at, decision_note, based_on_spec, created_at)
     SELECT c.id, c.requester_id, 'requester', 'The date moved', '{"title": "A changed title"}', CASE WHEN c.r2 % 2 = 0 THEN 'approved' ELSE 'rejected' END,
            c.deliverer_id, ${stepAt('4')} + interval '3 hours', 'Decided', 1, ${stepAt('4')} + interval '1 hour'
       FROM b_chunk c WHERE c.status IN ('in_progress', 'on_hold', 'delivered', 'accepted', 'closed') AND c.r2 >= 950`,
  );
  await q.query(
    `INSERT INTO retrospectives (order_id, author_id, outcome, purpose_assessment, created_at)
     SELECT c.id, c.deliverer_id, 'Delivered on time', 'The purpose was met', ${stepAt('5')} + interval '1 day'
       FROM b_chunk c WHERE c.status IN ('delivered', 'accepted', 'closed') AND c.r2 < 700`,
  );
  await q.query(
    `INSERT INTO feedback (order_id, author_id, satisfaction, purpose_achieved, comment, created_at)
     SELECT c.id, c.requester_id, 1 + c.r2 % 5, (ARRAY['yes', 'partly', 'no'])[1 + c.r2 % 3], 'Thanks', ${stepAt('6')}
       FROM b_chunk c WHERE c.status IN ('accepted', 'closed') AND c.r2 < 800`,
  );
  // A tenth of the retrospectives recommend something; none stays open, so a new draft needs no decision.
  await q.query(
    `INSERT INTO recommendations (source_order_id, support_unit_id, target_unit_id, target_service_id, text, rationale, category, status,
                                  decided_by, decided_at, decision_reason, expires_at, created_at)
     SELECT c.id, c.support_unit_id, c.requester_unit_id, c.service_id, 'Order two weeks earlier', 'Printing took longer than the time left',
            (ARRAY['timing', 'scope', 'channel', 'format'])[1 + c.r2 % 4], s.status,
            CASE WHEN s.status <> 'expired' THEN c.requester_id END, CASE WHEN s.status <> 'expired' THEN ${stepAt('5')} + interval '20 days' END,
            CASE WHEN s.status = 'declined' THEN 'Not possible this time' END, ${stepAt('5')} + interval '90 days', ${stepAt('5')} + interval '1 day'
       FROM b_chunk c, LATERAL (SELECT (ARRAY['adopted', 'declined', 'expired'])[1 + c.g % 3] AS status) s
      WHERE c.status IN ('delivered', 'accepted', 'closed') AND c.r2 < 70`,
  );
  // Shown on the same unit's next order in this chunk.
  await q.query(
    `INSERT INTO order_recommendations (order_id, recommendation_id, shown_at)
     SELECT nxt.id, r.id, nxt.created_at
       FROM recommendations r JOIN b_chunk c ON c.id = r.source_order_id,
            LATERAL (SELECT n.id, n.created_at FROM b_chunk n WHERE n.requester_unit_id = c.requester_unit_id AND n.created_at > c.created_at
                      ORDER BY n.created_at LIMIT 1) nxt`,
  );
  await q.query(
    `UPDATE recommendations r SET decided_on_order_id = orr.order_id
       FROM order_recommendations orr JOIN b_chunk n ON n.id = orr.order_id
      WHERE orr.recommendation_id = r.id AND r.status <> 'expired'`,
  );
  // The report's facts of every submitted order, as OrderFactsService would write them.
  await q.query(
    `INSERT INTO order_facts (order_id, month, service_id, support_unit_id, requester_unit_id, facts)
     SELECT o.id, date_trunc('month', o.submitted_at)::date, o.service_id, o.support_unit_id, o.requester_unit_id,
            jsonb_build_object('orderId', o.id, 'status', o.status, 'submittedAt', o.submitted_at, 'deliveredAt', o.delivered_at, 'acceptedAt', o.accepted_at,
              'dueDate', to_char(o.due_date, 'YYYY-MM-DD'), 'consulted', c.r2 < 200 OR o.status = 'in_consultation',
              'adviceGiven', 0, 'adviceFollowed', 0, 'adviceDecided', 0,
              'changeRequests', (c.r2 >= 950 AND o.confirmed_at IS NOT NULL)::int, 'reopened', false,
              'leadTimeDays', CASE WHEN o.delivered_at IS NOT NULL THEN (EXTRACT(day FROM o.delivered_at - o.submitted_at))::int END,
              'satisfaction', CASE WHEN o.accepted_at IS NOT NULL AND c.r2 < 800 THEN 1 + c.r2 % 5 END,
              'purposeAchieved', CASE WHEN o.accepted_at IS NOT NULL AND c.r2 < 800 THEN (ARRAY['yes', 'partly', 'no'])[1 + c.r2 % 3] END,
              'recommendationsIssued', (o.delivered_at IS NOT NULL AND c.r2 < 70)::int, 'recommendationsAdopted', 0, 'recommendationsDecided', 0,
              'secondsInStatus', jsonb_build_object('submitted', 72000, 'in_progress', CASE WHEN o.delivered_at IS NOT NULL THEN 72000 ELSE 0 END))
       FROM b_chunk c JOIN orders o ON o.id = c.id WHERE o.submitted_at IS NOT NULL`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

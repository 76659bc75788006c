import { randomBytes } from 'node:crypto';
import request from 'supertest';
import sharp from 'sharp';
import { CatalogService } from '../../src/catalog/catalog.service';
import { SessionService } from '../../src/identity/session.service';
import { aDeliveredOrder, aDraftOrder, anAcceptedOrder, anInProgressOrder, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { TestUnit, TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';
import { listRoutes, routeKey } from './routes';

/**
 * Who may call what, on whose objects: one row per `/api/v1` route, one column per actor,
 * each cell the exact status. The world: organisation P with core units A and B; a shared
 * service centre Q with support units S and T. Every object is A's (ordered from S), so
 * "requester of A" and "deliverer of S" act on their own objects, "requester of B" and
 * "deliverer of T" on foreign ones, and the manager of P sees A's orders from above.
 *
 * Semantics: signed out → 401; route-level role missing → 403; object not visible → 404;
 * visible but not that party's action → 403; 2xx when the caller may act in that state.
 * Each row names the state its object is in (accept needs `submitted`, resume `on_hold`, …).
 * A cell expected to succeed gets an object of its own, so no cell sees another's effect.
 */

const ACTORS = ['anonymous', 'requesterA', 'requesterB', 'delivererS', 'delivererT', 'managerP', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];
type Statuses = [number, number, number, number, number, number, number];

interface Ctx {
  w: World;
  users: Record<Exclude<ActorName, 'anonymous'>, TestUser>;
  units: Record<'P' | 'A' | 'B' | 'Q' | 'S' | 'T', TestUnit>;
  scenario: OrderScenario;
  serviceOfS: string;
  serviceOfT: string;
  /** A service of S whose catalog the write rows change, so ordering stays unaffected. */
  catalogServiceOfS: string;
  credentials: { email: string; password: string };
}

type Params = Record<string, string | number>;
/** Builds the object a row acts on (in the state the row needs) and returns its path params and version. */
type Given = (c: Ctx) => Promise<Params>;
type Body = (p: Params, c: Ctx) => object | undefined;

interface Row {
  method: string;
  path: string;
  /** Tells apart two rows of one route on different kinds of object, e.g. `(draft)`. */
  on: string;
  given: Given;
  body: Body;
  expected: Statuses;
}

function row(route: string, given: Given, body: Body, expected: Statuses): Row {
  const [method, path, on = ''] = route.trim().split(/\s+/);
  return { method, path, on, given, body, expected };
}

function uniq(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

function code(): string {
  return Array.from(randomBytes(5), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[b % 26]).join('');
}

// ---- given: the object of each row, in the state it needs ----------------------------------

const nothing: Given = async () => ({});
const serviceOfS: Given = async (c) => ({ id: c.catalogServiceOfS });
const supportUnitS: Given = async (c) => ({ id: c.units.S.id });
const draftQuestionnaire: Given = async (c) => {
  const draft = await c.w.t.app.get(CatalogService).createDraft(c.users.admin.actor, c.catalogServiceOfS, []);
  return { id: c.catalogServiceOfS, qid: draft.id };
};
/** Another session of requester A, to be ended from the session list. */
const sessionOfA: Given = async (c) => {
  const created = await c.w.t.db.transaction((m) => c.w.t.app.get(SessionService).create(m, c.users.requesterA.id, 'password', {}));
  return { sessionId: created.session.id };
};
const someUser: Given = async (c) => ({ id: (await c.w.aRequester(c.units.B)).id });

const orderParams = (o: { id: string; version: number }): Params => ({ id: o.id, version: o.version });
/** A notification of requester A's own; nobody else's to read. */
const notificationOfA: Given = async (c) => {
  const [{ id }] = await c.w.t.db.query(
    `INSERT INTO notifications (user_id, event_id, event, title) VALUES ($1, gen_random_uuid(), 'order.delivered', 'Flyer') RETURNING id`,
    [c.users.requesterA.id],
  );
  return { id };
};
/** A queue view requester A saved for themself; nobody else's to remove. */
const viewOfA: Given = async (c) => {
  const [{ id }] = await c.w.t.db.query(`INSERT INTO saved_views (owner_id, name, filters) VALUES ($1, 'Mine', '{}') RETURNING id`, [
    c.users.requesterA.id,
  ]);
  return { id };
};
const aWebhook: Given = async (c) => {
  const [{ id }] = await c.w.t.db.query(
    `INSERT INTO webhooks (url, events, secret) VALUES ('http://127.0.0.1:9/hook', '{order.delivered}', 'whsec_test') RETURNING id`,
  );
  return { id };
};
const draft: Given = async (c) => orderParams(await aDraftOrder(c.w, c.scenario));
const submitted: Given = async (c) => orderParams(await aSubmittedOrder(c.w, c.scenario));
const inConsultation: Given = async (c) => {
  const order = await aSubmittedOrder(c.w, c.scenario);
  const res = await c.w
    .as(c.users.delivererS)
    .post(`/api/v1/orders/${order.id}/messages`, { kind: 'advice', body: 'A digital invitation reaches parents sooner.' })
    .expect(201);
  return orderParams(res.body.order);
};
const confirmed: Given = async (c) => {
  const order = await anAcceptedOrder(c.w, c.scenario);
  return { ...orderParams(order), itemId: order.checklist[0].id };
};
const inProgress: Given = async (c) => {
  const order = await anInProgressOrder(c.w, c.scenario);
  return { ...orderParams(order), itemId: order.checklist[0].id };
};
/** In progress with every checklist item done: ready to deliver. */
const readyToDeliver: Given = async (c) => {
  const order = await anInProgressOrder(c.w, c.scenario);
  for (const item of order.checklist) {
    await c.w.as(c.users.delivererS).patch(`/api/v1/orders/${order.id}/checklist/${item.id}`, { done: true }).expect(200);
  }
  return orderParams((await c.w.as(c.users.delivererS).get(`/api/v1/orders/${order.id}`).expect(200)).body);
};
const onHold: Given = async (c) => {
  const order = await anInProgressOrder(c.w, c.scenario);
  const res = await c.w
    .as(c.users.delivererS)
    .post(`/api/v1/orders/${order.id}/hold`, { version: order.version, note: 'Waiting for the printer' })
    .expect(200);
  return orderParams(res.body);
};
const delivered: Given = async (c) => orderParams(await aDeliveredOrder(c.w, c.scenario));
/** Submitted, with a file requester A added. */
const submittedWithFile: Given = async (c) => {
  const order = await aSubmittedOrder(c.w, c.scenario);
  const res = await request(c.w.t.http)
    .post(`/api/v1/orders/${order.id}/attachments`)
    .set('Authorization', `Bearer ${c.users.requesterA.token}`)
    .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'brief.pdf')
    .expect(201);
  return { ...orderParams(order), attachmentId: res.body.items[0].id };
};
/** Submitted, with a picture requester A added: it has a preview. */
const submittedWithPicture: Given = async (c) => {
  const order = await aSubmittedOrder(c.w, c.scenario);
  const picture = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#ffdd00' } })
    .png()
    .toBuffer();
  const res = await request(c.w.t.http)
    .post(`/api/v1/orders/${order.id}/attachments`)
    .set('Authorization', `Bearer ${c.users.requesterA.token}`)
    .attach('file', picture, 'logo.png')
    .expect(201);
  expect(res.body.items[0].thumbnail).toBe(true);
  return { ...orderParams(order), attachmentId: res.body.items[0].id };
};
/** Confirmed, with an open change request proposed by the requesting side. */
const changeProposedByRequester: Given = async (c) => {
  const order = await anAcceptedOrder(c.w, c.scenario);
  const cr = await c.w
    .as(c.users.requesterA)
    .post(`/api/v1/orders/${order.id}/change-requests`, { reason: 'The date moved', title: 'Open day flyer, new date' })
    .expect(201);
  return { ...orderParams(order), crId: cr.body.id };
};

/**
 * A draft of A showing a recommendation that S issued in the retrospective of an earlier,
 * delivered order (for a service of its own, so no other draft needs a decision first).
 */
const draftWithRecommendation: Given = async (c) => {
  const scenario = { ...c.scenario, serviceId: (await c.w.aService(c.units.S)).id };
  const earlier = await aDeliveredOrder(c.w, scenario);
  const retro = await c.w
    .as(c.users.delivererS)
    .post(`/api/v1/orders/${earlier.id}/retrospective`, {
      outcome: 'Delivered on time.',
      purposeAssessment: 'Attendance rose.',
      recommendations: [
        {
          text: 'Order four weeks ahead',
          rationale: 'Printing slots fill up',
          category: 'timing',
          targetServiceId: scenario.serviceId,
        },
      ],
    })
    .expect(201);
  const next = await aDraftOrder(c.w, scenario);
  const recId: string = retro.body.recommendations[0].id;
  expect(next.recommendations.map((r: { id: string }) => r.id)).toContain(recId);
  return { ...orderParams(next), recId };
};

/** An idea requester A raised for support unit S. */
const ideaOfA: Given = async (c) => {
  const res = await c.w
    .as(c.users.requesterA)
    .post('/api/v1/ideas', { supportUnitId: c.units.S.id, title: 'Templates', body: 'Faster orders' })
    .expect(201);
  return { id: res.body.id };
};
/** A customer panel of S (formed by a manager of S, who is none of the columns) with requester A as its member. */
const panelOfS: Given = async (c) => {
  const managerS = await c.w.aManager(c.units.S);
  const res = await c.w
    .as(managerS)
    .post('/api/v1/panels', { supportUnitId: c.units.S.id, name: 'Schools', memberIds: [c.users.requesterA.id] })
    .expect(201);
  return { id: res.body.id };
};
/** An open survey of that panel. */
const surveyOfS: Given = async (c) => {
  const managerS = await c.w.aManager(c.units.S);
  const panel = await c.w
    .as(managerS)
    .post('/api/v1/panels', { supportUnitId: c.units.S.id, name: 'Schools', memberIds: [c.users.requesterA.id] })
    .expect(201);
  const survey = await c.w
    .as(managerS)
    .post(`/api/v1/panels/${panel.body.id}/surveys`, {
      title: 'Term',
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      questions: [{ key: 'wish', type: 'text', label: 'Wish' }],
    })
    .expect(201);
  return { id: survey.body.id };
};

// ---- bodies -------------------------------------------------------------------------------

const none: Body = () => undefined;
/** A multipart/form-data upload of one file part (the attachment upload takes no JSON). */
class Multipart {
  constructor(readonly files: Array<[Buffer, string]>) {}
}
const aFile: Body = () => new Multipart([[Buffer.from('%PDF-1.4\n%%EOF\n'), 'brief.pdf']]);
const version: Body = (p) => ({ version: p.version });
const withReason: Body = (p) => ({ version: p.version, reason: 'Plans changed at the school' });
const login: Body = (_, c) => c.credentials;

// prettier-ignore
const MATRIX: Row[] = [
  // route                                                     given                      body                                                                                       anon reqA reqB delS delT mgrP admin
  // Identity and organisation. (GET /api/v1/auth/sso/* are redirects to and from the identity provider: excluded below, tested in sso.e2e-spec.ts.)
  row('POST   /api/v1/auth/login',                             nothing,                   login,                                                                                     [200, 200, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/auth/logout',                            nothing,                   none,                                                                                      [401, 204, 204, 204, 204, 204, 204]),
  row('GET    /api/v1/me',                                     nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('PATCH  /api/v1/me',                                     nothing,                   () => ({ language: 'fi' }),                                                                [401, 200, 200, 200, 200, 200, 200]),
  row('GET    /api/v1/me/sessions',                            nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('DELETE /api/v1/me/sessions/:sessionId',                 sessionOfA,                none,                                                                                      [401, 204, 404, 404, 404, 404, 404]),
  row('GET    /api/v1/units',                                  nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/units',                                  nothing,                   (_, c) => ({ name: uniq('Unit'), kind: 'core', parentId: c.units.P.id, code: code() }),    [401, 403, 403, 403, 403, 403, 201]),
  row('GET    /api/v1/users',                                  nothing,                   none,                                                                                      [401, 403, 403, 403, 403, 403, 200]),
  row('POST   /api/v1/users',                                  nothing,                   (_, c) => ({ email: `${uniq('new')}@test.example`, name: 'New', memberships: [{ unitId: c.units.A.id, role: 'requester' }] }), [401, 403, 403, 403, 403, 403, 201]),
  row('PATCH  /api/v1/users/:id',                              someUser,                  () => ({ name: 'Renamed' }),                                                               [401, 403, 403, 403, 403, 403, 200]),
  row('POST   /api/v1/users/:id/sso-link',                     someUser,                  () => ({ issuer: 'https://idp.test', subject: uniq('sub') }),                              [401, 403, 403, 403, 403, 403, 200]),
  // Privacy: one's own export; anyone's export and erasure are an admin's.
  row('GET    /api/v1/me/export',                              nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('GET    /api/v1/me/export.zip',                          nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('GET    /api/v1/users/:id/export',                       someUser,                  none,                                                                                      [401, 403, 403, 403, 403, 403, 200]),
  row('GET    /api/v1/users/:id/export.zip',                   someUser,                  none,                                                                                      [401, 403, 403, 403, 403, 403, 200]),
  row('POST   /api/v1/users/:id/erase',                        someUser,                  () => ({ reason: 'Asked to be erased.' }),                                                 [401, 403, 403, 403, 403, 403, 200]),
  // Catalog: written by an admin or a manager of the owning support unit (P's manager is not one).
  row('GET    /api/v1/services',                               nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('GET    /api/v1/services/:id',                           serviceOfS,                none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/services',                               nothing,                   (_, c) => ({ supportUnitId: c.units.S.id, name: uniq('Service'), description: 'New', targetLeadTimeDays: 3 }), [401, 403, 403, 403, 403, 403, 201]),
  row('PATCH  /api/v1/services/:id',                           serviceOfS,                () => ({ description: 'Reworded' }),                                                       [401, 403, 403, 403, 403, 403, 200]),
  row('POST   /api/v1/services/:id/questionnaires',            serviceOfS,                () => ({ questions: [] }),                                                                 [401, 403, 403, 403, 403, 403, 201]),
  row('PATCH  /api/v1/services/:id/questionnaires/:qid',       draftQuestionnaire,        () => ({ questions: [{ key: 'note', type: 'text', label: 'Note' }] }),                     [401, 403, 403, 403, 403, 403, 200]),
  row('POST   /api/v1/services/:id/questionnaires/:qid/publish', draftQuestionnaire,      none,                                                                                      [401, 403, 403, 403, 403, 403, 200]),
  row('GET    /api/v1/services/:id/questionnaire',             serviceOfS,                none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  // Decisions on a service: read by anyone signed in, recorded by a manager of its support unit (or an admin).
  row('GET    /api/v1/services/:id/notes',                     serviceOfS,                none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/services/:id/notes',                     serviceOfS,                () => ({ decision: 'change_questions', text: 'Ask for the audience first.' }),             [401, 403, 403, 403, 403, 403, 201]),
  // Orders: A's order to S. Only the requesting side and the delivering side act; managers and admins see but do not act.
  row('POST   /api/v1/orders',                                 nothing,                   (_, c) => ({ serviceId: c.serviceOfS, requesterUnitId: c.units.A.id, title: 'Flyer', purpose: 'Parents come to the open day.', answers: {} }), [401, 201, 403, 403, 403, 403, 403]),
  row('GET    /api/v1/orders',                                 nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('GET    /api/v1/orders/:id',                             submitted,                 none,                                                                                      [401, 200, 404, 200, 404, 200, 200]),
  row('GET    /api/v1/orders/:id/timeline',                    submitted,                 none,                                                                                      [401, 200, 404, 200, 404, 200, 200]),
  row('GET    /api/v1/orders/:id/messages',                    submitted,                 none,                                                                                      [401, 200, 404, 200, 404, 200, 200]),
  row('GET    /api/v1/orders/:id/change-requests',             submitted,                 none,                                                                                      [401, 200, 404, 200, 404, 200, 200]),
  // A draft is the requesting side's own business until it is submitted.
  row('GET    /api/v1/orders/:id (draft)',                     draft,                     none,                                                                                      [401, 200, 404, 404, 404, 404, 200]),
  row('GET    /api/v1/orders/:id/timeline (draft)',            draft,                     none,                                                                                      [401, 200, 404, 404, 404, 404, 200]),
  row('DELETE /api/v1/orders/:id',                             draft,                     none,                                                                                      [401, 204, 404, 404, 404, 404, 403]),
  row('PATCH  /api/v1/orders/:id',                             draft,                     (p) => ({ version: p.version, title: 'Open day flyer, version 2' }),                      [401, 200, 404, 404, 404, 404, 403]),
  row('POST   /api/v1/orders/:id/submit',                      draft,                     version,                                                                                   [401, 200, 404, 404, 404, 404, 403]),
  row('POST   /api/v1/orders/:id/messages',                    submitted,                 () => ({ kind: 'question', body: 'Who is the audience?' }),                                [401, 201, 404, 201, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/revise',                      inConsultation,            (p) => ({ version: p.version, title: 'Digital open day invitation', followedAdvice: true }), [401, 200, 404, 403, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/keep',                        inConsultation,            withReason,                                                                                [401, 200, 404, 403, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/transfer',                    submitted,                 (p, c) => ({ version: p.version, serviceId: c.serviceOfT, note: 'T prints these' }),      [401, 403, 404, 200, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/accept',                      submitted,                 version,                                                                                   [401, 403, 404, 200, 404, 403, 403]),
  // Bulk: the route is the delivering side's; each order then answers for itself (T's deliverer gets a 404 inside a 200).
  row('POST   /api/v1/orders/bulk',                            submitted,                 (p) => ({ action: 'accept', items: [{ id: p.id, version: p.version }] }),                [401, 403, 403, 200, 200, 403, 200]),
  row('POST   /api/v1/orders/:id/assign',                      submitted,                 (p, c) => ({ version: p.version, assigneeId: c.users.delivererS.id }),                     [401, 403, 404, 200, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/start',                       confirmed,                 version,                                                                                   [401, 403, 404, 200, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/hold',                        inProgress,                (p) => ({ version: p.version, note: 'Waiting for the printer' }),                          [401, 403, 404, 200, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/resume',                      onHold,                    version,                                                                                   [401, 403, 404, 200, 404, 403, 403]),
  row('PATCH  /api/v1/orders/:id/checklist/:itemId',           inProgress,                () => ({ done: true }),                                                                    [401, 403, 404, 200, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/deliver',                     readyToDeliver,            (p) => ({ version: p.version, deliveryNote: 'Printed and handed over.' }),                 [401, 403, 404, 200, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/accept-delivery',             delivered,                 version,                                                                                   [401, 200, 404, 403, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/reopen',                      delivered,                 withReason,                                                                                [401, 200, 404, 403, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/cancel',                      submitted,                 withReason,                                                                                [401, 200, 404, 403, 404, 403, 403]),
  // Files: read by whoever sees the order; added by either side that may act; removed by their uploader.
  row('GET    /api/v1/orders/:id/attachments',                 submittedWithFile,         none,                                                                                      [401, 200, 404, 200, 404, 200, 200]),
  row('GET    /api/v1/orders/:id/attachments/:attachmentId',   submittedWithFile,         none,                                                                                      [401, 200, 404, 200, 404, 200, 200]),
  row('GET    /api/v1/orders/:id/attachments/:attachmentId/thumbnail', submittedWithPicture, none,                                                                          [401, 200, 404, 200, 404, 200, 200]),
  row('POST   /api/v1/orders/:id/attachments',                 submitted,                 aFile,                                                                                     [401, 201, 404, 201, 404, 403, 403]),
  row('DELETE /api/v1/orders/:id/attachments/:attachmentId',   submittedWithFile,         none,                                                                                      [401, 204, 404, 403, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/change-requests',             confirmed,                 () => ({ reason: 'The date moved', title: 'Open day flyer, new date' }),                   [401, 201, 404, 201, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/change-requests/:crId/approve', changeProposedByRequester, () => ({ note: 'Fine by us' }),                                                      [401, 403, 404, 200, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/change-requests/:crId/reject', changeProposedByRequester, () => ({ note: 'Too late for that' }),                                                [401, 403, 404, 200, 404, 403, 403]),
  // Retrospectives, feedback and recommendations: the delivering side looks back, the requesting side answers.
  row('POST   /api/v1/orders/:id/retrospective',               delivered,                 () => ({ outcome: 'Printed on time.', purposeAssessment: 'More parents came.', recommendations: [] }), [401, 403, 404, 201, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/feedback',                    delivered,                 () => ({ satisfaction: 4, purposeAchieved: 'partly', comment: 'Good, a bit late' }),       [401, 201, 404, 403, 404, 403, 403]),
  row('POST   /api/v1/orders/:id/effort',                      confirmed,                 () => ({ minutes: 30 }),                                                                   [401, 403, 404, 201, 404, 403, 403]),
  row('GET    /api/v1/recommendations',                        nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/orders/:id/recommendations/:recId/decision', draftWithRecommendation, () => ({ decision: 'adopted' }),                                                       [401, 200, 404, 404, 404, 404, 403]),
  // Notifications: each user's own; webhooks and kept mails: admins.
  row('GET    /api/v1/notifications',                          nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/notifications/read-all',                 nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/notifications/:id/read',                 notificationOfA,           none,                                                                                      [401, 200, 404, 404, 404, 404, 404]),
  row('GET    /api/v1/me/views',                               nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/me/views',                               nothing,                   () => ({ name: 'Overdue', filters: { overdue: 'true' } }),                                 [401, 201, 201, 201, 201, 201, 201]),
  row('DELETE /api/v1/me/views/:id',                           viewOfA,                   none,                                                                                      [401, 204, 404, 404, 404, 404, 404]),
  row('GET    /api/v1/me/notification-preferences',            nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('PUT    /api/v1/me/notification-preferences',            nothing,                   () => ({ email: true, digest: 'off', events: {} }),                                        [401, 200, 200, 200, 200, 200, 200]),
  row('GET    /api/v1/webhooks',                               nothing,                   none,                                                                                      [401, 403, 403, 403, 403, 403, 200]),
  row('POST   /api/v1/webhooks',                               nothing,                   () => ({ url: 'http://127.0.0.1:9/hook', events: ['order.delivered'] }),                   [401, 403, 403, 403, 403, 403, 201]),
  row('PATCH  /api/v1/webhooks/:id',                           aWebhook,                  () => ({ active: false }),                                                                 [401, 403, 403, 403, 403, 403, 200]),
  row('DELETE /api/v1/webhooks/:id',                           aWebhook,                  none,                                                                                      [401, 403, 403, 403, 403, 403, 204]),
  row('GET    /api/v1/webhooks/:id/deliveries',                aWebhook,                  none,                                                                                      [401, 403, 403, 403, 403, 403, 200]),
  row('GET    /api/v1/admin/mails',                            nothing,                   none,                                                                                      [401, 403, 403, 403, 403, 403, 200]),
  // The feedback-loop report: managers (scoped to their units) and admins.
  // Without ?supportUnitId= a manager's request is incomplete (400): the route's gate is what this row checks; loop-patterns.e2e-spec.ts the answers.
  row('GET    /api/v1/reports/next',                           nothing,                   none,                                                                                      [401, 403, 403, 403, 403, 400, 400]),
  row('GET    /api/v1/reports/feedback-loop',                  nothing,                   none,                                                                                      [401, 403, 403, 403, 403, 200, 200]),
  row('GET    /api/v1/reports/feedback-loop.csv',              nothing,                   none,                                                                                      [401, 403, 403, 403, 403, 200, 200]),
  row('GET    /api/v1/reports/feedback-loop.svg',              nothing,                   none,                                                                                      [401, 403, 403, 403, 403, 200, 200]),
  row('GET    /api/v1/units/:id/hourly-cost',                  supportUnitS,              none,                                                                                      [401, 403, 403, 403, 403, 403, 200]),
  row('PUT    /api/v1/units/:id/hourly-cost',                  supportUnitS,              () => ({ hourlyCost: 62.5 }),                                                              [401, 403, 403, 403, 403, 403, 200]),
  row('GET    /api/v1/open-figures',                           nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('GET    /api/v1/open-figures.csv',                       nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  // Ideas: everyone sees and raises them; anyone but the author supports; the support unit (S) answers and links.
  row('GET    /api/v1/ideas',                                  nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/ideas',                                  nothing,                   (_, c) => ({ supportUnitId: c.units.S.id, title: 'Templates', body: 'Faster orders' }),    [401, 201, 201, 201, 201, 201, 201]),
  row('GET    /api/v1/ideas/:id',                              ideaOfA,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/ideas/:id/support',                      ideaOfA,                   none,                                                                                      [401, 403, 200, 200, 200, 200, 200]),
  row('DELETE /api/v1/ideas/:id/support',                      ideaOfA,                   none,                                                                                      [401, 403, 200, 200, 200, 200, 200]),
  row('POST   /api/v1/ideas/:id/response',                     ideaOfA,                   () => ({ decision: 'planned', reason: 'In the spring' }),                                  [401, 403, 403, 200, 403, 403, 403]),
  row('POST   /api/v1/ideas/:id/links',                        ideaOfA,                   (_, c) => ({ kind: 'service', serviceId: c.catalogServiceOfS }),                           [401, 403, 403, 200, 403, 403, 403]),
  // Customer panels: only a manager of the support unit (none of the columns manages S); surveys: its members (requester A).
  row('POST   /api/v1/panels',                                 nothing,                   (_, c) => ({ supportUnitId: c.units.S.id, name: 'Schools', memberIds: [c.users.requesterB.id] }), [401, 403, 403, 403, 403, 403, 403]),
  row('GET    /api/v1/panels',                                 nothing,                   none,                                                                                      [401, 403, 403, 403, 403, 200, 200]),
  row('GET    /api/v1/panels/:id',                             panelOfS,                  none,                                                                                      [401, 403, 403, 403, 403, 403, 403]),
  row('POST   /api/v1/panels/:id/surveys',                     panelOfS,                  () => ({ title: 'Term', closesAt: '2099-01-01T00:00:00Z', questions: [{ key: 'wish', type: 'text', label: 'Wish' }] }), [401, 403, 403, 403, 403, 403, 403]),
  row('GET    /api/v1/me/surveys',                             nothing,                   none,                                                                                      [401, 200, 200, 200, 200, 200, 200]),
  row('GET    /api/v1/surveys/:id',                            surveyOfS,                 none,                                                                                      [401, 200, 403, 403, 403, 403, 403]),
  row('POST   /api/v1/surveys/:id/responses',                  surveyOfS,                 () => ({ answers: { wish: 'More photos' } }),                                              [401, 201, 403, 403, 403, 403, 403]),
  row('GET    /api/v1/surveys/:id/results',                    surveyOfS,                 none,                                                                                      [401, 403, 403, 403, 403, 403, 403]),
];

/**
 * Redirects to and from the identity provider, with no actor and no object: covered by
 * sso.e2e-spec.ts. Mail in, whose caller is a mail server with INBOUND_MAIL_TOKEN rather than a
 * person: covered by inbound-mail.e2e-spec.ts.
 */
const EXCLUDED = /^(GET \/api\/v1\/auth\/sso\/|POST \/api\/v1\/inbound\/mail$)/;

describe('authorisation matrix: every /api/v1 route × every kind of caller', () => {
  let t: TestApp;
  let c: Ctx;

  beforeAll(async () => {
    t = await startTestApp();
    const w = new World(t);
    const P = await w.aUnit('core', { name: uniq('Municipality P') });
    const Q = await w.aUnit('support', { name: uniq('Shared service centre Q') });
    const [A, B, S, T] = await Promise.all([
      w.aUnit('core', { parent: P, name: uniq('School A') }),
      w.aUnit('core', { parent: P, name: uniq('School B') }),
      w.aUnit('support', { parent: Q, name: uniq('Communications S') }),
      w.aUnit('support', { parent: Q, name: uniq('Print shop T') }),
    ]);
    const password = 'correct horse battery staple';
    const [requesterA, requesterB, delivererS, delivererT, managerP, admin, signIn] = await Promise.all([
      w.aRequester(A),
      w.aRequester(B),
      w.aDeliverer(S),
      w.aDeliverer(T),
      w.aManager(P),
      w.anAdmin(),
      w.aUser([[A, 'requester']], { password }),
    ]);
    const [svcS, svcT, catalogSvcS] = await Promise.all([w.aService(S), w.aService(T), w.aService(S)]);
    c = {
      w,
      users: { requesterA, requesterB, delivererS, delivererT, managerP, admin },
      units: { P, A, B, Q, S, T },
      scenario: { requester: requesterA, deliverer: delivererS, school: A, support: S, serviceId: svcS.id },
      serviceOfS: svcS.id,
      serviceOfT: svcT.id,
      catalogServiceOfS: catalogSvcS.id,
      credentials: { email: signIn.email, password },
    };
  });
  afterAll(() => t.close());

  it('has a row for every /api/v1 route in the app, and no row for a route that is gone', () => {
    const inApp = listRoutes(t.app)
      .map(routeKey)
      .filter((k) => / \/api\/v1\//.test(k) && !EXCLUDED.test(k))
      .sort();
    const rows = MATRIX.map((r) => `${r.method} ${r.path} ${r.on}`);
    expect(new Set(rows).size).toBe(rows.length);
    const inMatrix = [...new Set(MATRIX.map((r) => `${r.method} ${r.path}`))].sort();
    expect({ missingFromMatrix: inApp.filter((k) => !inMatrix.includes(k)), notInApp: inMatrix.filter((k) => !inApp.includes(k)) }).toEqual(
      {
        missingFromMatrix: [],
        notInApp: [],
      },
    );
  });

  it('excludes only the SSO redirects and mail in', () => {
    expect(
      listRoutes(t.app)
        .map(routeKey)
        .filter((k) => EXCLUDED.test(k))
        .sort(),
    ).toEqual(['GET /api/v1/auth/sso/callback', 'GET /api/v1/auth/sso/start', 'POST /api/v1/inbound/mail']);
  });

  it.each(MATRIX.map((r) => [`${r.method} ${r.path} ${r.on}`.trim(), r] as const))('%s', async (_name, r) => {
    const actual: Record<string, number> = {};
    const expected: Record<string, number> = {};
    const problems: string[] = [];
    let shared: Params | undefined;
    for (const [i, actor] of ACTORS.entries()) {
      expected[actor] = r.expected[i];
      const succeeds = r.expected[i] < 300;
      // A change that should succeed gets its own object; refusals (which change nothing) share one.
      const params = succeeds && r.method !== 'GET' ? await r.given(c) : (shared ??= await r.given(c));
      const path = r.path.replace(/:(\w+)/g, (_m, name: string) => {
        if (params[name] === undefined) throw new Error(`the given object of ${r.method} ${r.path} has no ${name}`);
        return String(params[name]);
      });
      let token = actor === 'anonymous' ? null : c.users[actor].token;
      if (token && r.path === '/api/v1/auth/logout') {
        // Signing out ends the session: use a throwaway one so the actor's own stays valid.
        const created = await t.db.transaction((m) =>
          t.app.get(SessionService).create(m, c.users[actor as Exclude<ActorName, 'anonymous'>].id, 'password', {}),
        );
        token = created.token;
      }
      let req = request(t.http)[r.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](path);
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      const body = r.body(params, c);
      const res = await (body instanceof Multipart
        ? body.files.reduce((r, [bytes, name]) => r.attach('file', bytes, name), req)
        : body
          ? req.send(body)
          : req);
      actual[actor] = res.status;
      if (res.status >= 400 && !/application\/problem\+json/.test(String(res.headers['content-type']))) {
        problems.push(`${actor}: ${res.status} without a problem+json body`);
      }
      if (res.status !== r.expected[i]) problems.push(`${actor}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    // The whole row at once, so a failure shows every cell.
    expect(actual).toEqual(expected);
    expect(problems).toEqual([]);
  });
});

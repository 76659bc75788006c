import { createHash } from 'node:crypto';
import type { Question } from '../../src/catalog/domain/question';
import { canonicalJson } from '../../src/orders/domain/spec-hash';
import { aDraftOrder, aScenario, aSubmittedOrder, OrderScenario, PURPOSE } from '../factories/orders';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const FLYER_QUESTIONS: Question[] = [
  {
    key: 'channel',
    type: 'choice',
    label: 'Channel',
    help: 'Where your audience will see it',
    required: true,
    options: [
      { value: 'print', label: 'Printed' },
      { value: 'digital', label: 'Digital' },
    ],
  },
  { key: 'copies', type: 'number', label: 'Copies', required: true, min: 10, max: 5000, showIf: { key: 'channel', equals: 'print' } },
  { key: 'audience', type: 'textarea', label: 'Who should read it?', required: true, maxLength: 500 },
  { key: 'deadline', type: 'date', label: 'Needed by' },
  {
    key: 'languages',
    type: 'multichoice',
    label: 'Languages',
    options: [
      { value: 'en', label: 'English' },
      { value: 'sv', label: 'Swedish' },
      { value: 'ar', label: 'Arabic' },
    ],
  },
  { key: 'photos', type: 'yesno', label: 'Do you have photos?' },
  { key: 'contact', type: 'email', label: 'Contact for proofs' },
  { key: 'landing', type: 'url', label: 'Web page to link to' },
  { key: 'note', type: 'text', label: 'Anything else', maxLength: 50 },
];

describe('intake: draft, submit, consult, accept', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w, FLYER_QUESTIONS);
  });
  afterAll(() => t.close());

  it('walks a full intake and freezes exactly what was submitted', async () => {
    // Its own service: this test publishes a new questionnaire version at the end.
    const s = await aScenario(w, FLYER_QUESTIONS);
    const requester = w.as(s.requester);
    const deliverer = w.as(s.deliverer);

    const draft = (
      await requester
        .post('/api/v1/orders', {
          serviceId: s.serviceId,
          requesterUnitId: s.school.id,
          title: 'Open day flyer',
          purpose: PURPOSE,
          answers: { channel: 'print', copies: 5 },
        })
        .expect(201)
    ).body;
    expect(draft.status).toBe('draft');
    expect(draft.reference).toMatch(new RegExp(`^${s.support.code}-\\d{4}-\\d{4}$`));

    // Submit with errors: one pointer per field.
    const invalid = await requester.post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version }).expect(400);
    expect(invalid.headers['content-type']).toMatch(/problem\+json/);
    expect(invalid.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/answers/audience', '/answers/copies']);

    // Nothing half-written: the draft is unchanged.
    const unchanged = (await requester.get(`/api/v1/orders/${draft.id}`).expect(200)).body;
    expect(unchanged).toMatchObject({ status: 'draft', version: draft.version });

    const answers = {
      channel: 'print',
      copies: 500,
      audience: 'Parents of children starting school next autumn',
      languages: ['en', 'ar'],
      photos: true,
      contact: 'anna@school.example',
      landing: 'https://school.example/open-day',
    };
    const fixed = (await requester.patch(`/api/v1/orders/${draft.id}`, { version: draft.version, answers }).expect(200)).body;
    const submitted = (await requester.post(`/api/v1/orders/${draft.id}/submit`, { version: fixed.version }).expect(200)).body;
    expect(submitted.status).toBe('submitted');
    expect(submitted.answers).toEqual(answers);

    const advice = await deliverer
      .post(`/api/v1/orders/${draft.id}/messages`, {
        kind: 'advice',
        body: 'A digital invitation reaches more parents, sooner, and costs nothing to print.',
        suggestedAnswers: { channel: 'digital' },
      })
      .expect(201);
    expect(advice.body.order.status).toBe('in_consultation');
    expect(advice.body).toMatchObject({ kind: 'advice', status: 'in_consultation', version: advice.body.order.version });

    const kept = (
      await requester
        .post(`/api/v1/orders/${draft.id}/keep`, {
          version: advice.body.order.version,
          reason: 'Many of our parents do not read e-mail; the flyer goes home in school bags.',
        })
        .expect(200)
    ).body;
    expect(kept.status).toBe('submitted');
    expect(kept.messages[0]).toMatchObject({ kind: 'advice', decision: 'kept_original' });

    const accepted = (await deliverer.post(`/api/v1/orders/${draft.id}/accept`, { version: kept.version }).expect(200)).body;
    expect(accepted.status).toBe('confirmed');
    expect(accepted.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(accepted.specVersions).toHaveLength(1);
    const spec = accepted.specVersions[0];
    expect(spec).toMatchObject({ number: 1, title: 'Open day flyer', purpose: PURPOSE, answers });

    // The hash is over exactly what was submitted.
    const expectedHash = createHash('sha256')
      .update(canonicalJson({ title: 'Open day flyer', purpose: PURPOSE, desiredDate: null, answers, questionnaireVersion: 1 }))
      .digest('hex');
    expect(spec.contentHash).toBe(expectedHash);
    expect(accepted.checklist.length).toBeGreaterThan(0);

    // A later questionnaire version does not touch the frozen spec.
    const admin = await w.anAdmin();
    const v2 = (
      await w
        .as(admin)
        .post(`/api/v1/services/${s.serviceId}/questionnaires`, {
          questions: [{ key: 'only', type: 'text', label: 'Only question', required: true }],
        })
        .expect(201)
    ).body;
    await w.as(admin).post(`/api/v1/services/${s.serviceId}/questionnaires/${v2.id}/publish`).expect(200);
    const after = (await requester.get(`/api/v1/orders/${draft.id}`).expect(200)).body;
    expect(after.specVersions).toEqual(accepted.specVersions);
    expect(after.answers).toEqual(answers);
  });

  it('validates each question type and drops answers to hidden questions', async () => {
    const s2 = await aScenario(w, FLYER_QUESTIONS);
    const bad = {
      channel: 'fax',
      audience: 'x'.repeat(501),
      deadline: '2026-02-30',
      languages: ['en', 'xx'],
      photos: 'maybe',
      contact: 'not-an-email',
      landing: 'ftp://x',
      note: 'y'.repeat(51),
    };
    const draft = await aDraftOrder(w, s2, { answers: bad });
    const res = await w.as(s2.requester).post(`/api/v1/orders/${draft.id}/submit`).expect(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual([
      '/answers/audience',
      '/answers/channel',
      '/answers/contact',
      '/answers/deadline',
      '/answers/landing',
      '/answers/languages',
      '/answers/note',
      '/answers/photos',
    ]);

    const digital = await aDraftOrder(w, s2, { answers: { channel: 'digital', copies: 300, audience: 'Parents' } });
    const submitted = (await w.as(s2.requester).post(`/api/v1/orders/${digital.id}/submit`).expect(200)).body;
    expect(submitted.answers).toEqual({ channel: 'digital', audience: 'Parents' });
  });

  it('rejects unknown answer keys and a missing purpose', async () => {
    const draft = await aDraftOrder(w, s, { answers: { channel: 'digital', audience: 'All', surprise: 1 } });
    const res = await w.as(s.requester).post(`/api/v1/orders/${draft.id}/submit`).expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/answers/surprise');
    const noPurpose = await w
      .as(s.requester)
      .post('/api/v1/orders', { serviceId: s.serviceId, requesterUnitId: s.school.id, title: 'x', answers: {} })
      .expect(400);
    expect(noPurpose.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/purpose');
  });

  it('gives gap-free references under concurrency', async () => {
    const s3 = await aScenario(w);
    const drafts = await Promise.all(Array.from({ length: 12 }, () => aDraftOrder(w, s3)));
    const numbers = drafts.map((d) => Number(d.reference.split('-')[2])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('starts a new order from a previous one with the answers pre-filled', async () => {
    const first = await aSubmittedOrder(w, s, { answers: { channel: 'digital', audience: 'Parents of year 1' } });
    const copy = (
      await w.as(s.requester).post('/api/v1/orders', { serviceId: s.serviceId, requesterUnitId: s.school.id, copyOf: first.id }).expect(201)
    ).body;
    expect(copy).toMatchObject({ status: 'draft', title: first.title, purpose: first.purpose, answers: first.answers, copyOfId: first.id });
    expect(copy.reference).not.toBe(first.reference);
  });

  it('finds orders by reference, title and purpose', async () => {
    const special = await aSubmittedOrder(w, s, { title: 'Zebra crossing banner', answers: { channel: 'digital', audience: 'Everyone' } });
    const byTitle = (await w.as(s.requester).get('/api/v1/orders?q=zebra').expect(200)).body;
    expect(byTitle.items.map((o: { id: string }) => o.id)).toEqual([special.id]);
    const byReference = (await w.as(s.deliverer).get(`/api/v1/orders?q=${special.reference}`).expect(200)).body;
    expect(byReference.items.map((o: { id: string }) => o.id)).toEqual([special.id]);
    const byPurpose = (
      await w
        .as(s.requester)
        .get('/api/v1/orders?q=' + encodeURIComponent('open day is'))
        .expect(200)
    ).body;
    expect(byPurpose.items.length).toBeGreaterThan(0);
  });

  it('transfers an order to another unit’s service with a note', async () => {
    const other = await w.aUnit('support');
    const otherDeliverer = await w.aDeliverer(other);
    const otherService = await w.aService(other, []);
    const submitted = await aSubmittedOrder(w, s, { answers: { channel: 'digital', audience: 'All' } });
    const moved = (
      await w
        .as(s.deliverer)
        .post(`/api/v1/orders/${submitted.id}/transfer`, {
          version: submitted.version,
          serviceId: otherService.id,
          note: 'This is a web job: IT builds the page.',
        })
        .expect(200)
    ).body;
    expect(moved).toMatchObject({
      status: 'submitted',
      serviceId: otherService.id,
      supportUnitId: other.id,
      reference: submitted.reference,
    });
    // The new unit sees and can accept it; the old one no longer sees it.
    await w.as(otherDeliverer).post(`/api/v1/orders/${submitted.id}/accept`, { version: moved.version }).expect(200);
    await w.as(s.deliverer).get(`/api/v1/orders/${submitted.id}`).expect(404);
  });

  it('carries answers the new service asks for and accepts only once the requester has completed the rest', async () => {
    const it = await w.aUnit('support');
    const itDeliverer = await w.aDeliverer(it);
    const webService = await w.aService(it, [
      { key: 'audience', type: 'textarea', label: 'Who will visit the page?', required: true },
      { key: 'domain', type: 'url', label: 'Where should the page live?', required: true },
    ]);
    const submitted = await aSubmittedOrder(w, s, { answers: { channel: 'digital', audience: 'Parents' } });
    const moved = (
      await w
        .as(s.deliverer)
        .post(`/api/v1/orders/${submitted.id}/transfer`, { version: submitted.version, serviceId: webService.id, note: 'A web page: IT.' })
        .expect(200)
    ).body;
    // `audience` is asked again, `channel` is not: it is kept in the audit trail, not on the order.
    expect(moved.answers).toEqual({ audience: 'Parents' });

    const refused = await w.as(itDeliverer).post(`/api/v1/orders/${submitted.id}/accept`, { version: moved.version }).expect(409);
    expect(refused.body).toMatchObject({
      type: expect.stringContaining('answers-incomplete'),
      errors: [{ pointer: '/answers/domain', detail: 'is required' }],
    });
    const still = (await w.as(s.requester).get(`/api/v1/orders/${submitted.id}`).expect(200)).body;
    expect(still).toMatchObject({ status: 'submitted', version: moved.version, specVersions: [] });

    const asked = await w
      .as(itDeliverer)
      .post(`/api/v1/orders/${submitted.id}/messages`, { kind: 'question', body: 'Where should the page live?' })
      .expect(201);
    const revised = (
      await w
        .as(s.requester)
        .post(`/api/v1/orders/${submitted.id}/revise`, {
          version: asked.body.order.version,
          answers: { audience: 'Parents', domain: 'https://school.example/open-day' },
        })
        .expect(200)
    ).body;
    const accepted = (await w.as(itDeliverer).post(`/api/v1/orders/${submitted.id}/accept`, { version: revised.version }).expect(200)).body;
    expect(accepted.specVersions[0].answers).toEqual({ audience: 'Parents', domain: 'https://school.example/open-day' });

    const [audit] = await t.db.query(
      `SELECT after FROM audit_events WHERE entity = 'order' AND entity_id = $1 AND action = 'order.transfer'`,
      [submitted.id],
    );
    expect(audit.after).toMatchObject({ previousAnswers: { channel: 'digital', audience: 'Parents' }, carriedAnswers: ['audience'] });
  });

  it('asks for a purpose of at least a short sentence', async () => {
    for (const purpose of ['', 'x', 'purpose', '   ', 'Short one']) {
      const res = await w
        .as(s.requester)
        .post('/api/v1/orders', { serviceId: s.serviceId, requesterUnitId: s.school.id, title: 'Flyer', purpose, answers: {} })
        .expect(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/purpose']);
    }
    await w
      .as(s.requester)
      .post('/api/v1/orders', {
        serviceId: s.serviceId,
        requesterUnitId: s.school.id,
        title: 'Flyer',
        purpose: 'Parents come along',
        answers: {},
      })
      .expect(201);
    // Scripts written without spaces: a long enough run of characters is a sentence too.
    for (const purpose of ['为新员工组织入职培训活动以便他们尽快熟悉', 'Onboarding-for-new-teachers']) {
      await w
        .as(s.requester)
        .post('/api/v1/orders', { serviceId: s.serviceId, requesterUnitId: s.school.id, title: 'Flyer', purpose, answers: {} })
        .expect(201);
    }
  });

  it('lets exactly one of two concurrent accepts win; the other gets 409', async () => {
    const second = await w.aDeliverer(s.support);
    const submitted = await aSubmittedOrder(w, s, { answers: { channel: 'digital', audience: 'All' } });
    const results = await Promise.all([
      w.as(s.deliverer).post(`/api/v1/orders/${submitted.id}/accept`, { version: submitted.version }),
      w.as(second).post(`/api/v1/orders/${submitted.id}/accept`, { version: submitted.version }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const order = (await w.as(s.requester).get(`/api/v1/orders/${submitted.id}`).expect(200)).body;
    expect(order.specVersions).toHaveLength(1);
  });

  it('has no route by which a support unit refuses an order', async () => {
    const submitted = await aSubmittedOrder(w, s, { answers: { channel: 'digital', audience: 'All' } });
    for (const verb of ['reject', 'decline', 'refuse', 'deny']) {
      await w.as(s.deliverer).post(`/api/v1/orders/${submitted.id}/${verb}`, { version: submitted.version }).expect(404);
    }
    const doc = (await w.as(null).get('/api/docs-json').expect(200)).body;
    const orderRoutes = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/orders'));
    expect(orderRoutes.filter((p) => /reject|decline|refuse|deny/.test(p) && !p.includes('change-requests'))).toEqual([]);
  });

  it('keeps other units’ orders invisible (404) and refuses the wrong side (403)', async () => {
    const outsider = await w.aRequester(await w.aUnit('core'));
    const submitted = await aSubmittedOrder(w, s, { answers: { channel: 'digital', audience: 'All' } });
    await w.as(outsider).get(`/api/v1/orders/${submitted.id}`).expect(404);
    const malformed = await w.as(outsider).get('/api/v1/orders/not-an-id').expect(400);
    expect(malformed.body.errors).toEqual([{ pointer: '/id', code: 'uuid', detail: 'path parameter id must be a UUID' }]);
    await w.as(outsider).post(`/api/v1/orders/${submitted.id}/cancel`, { reason: 'x' }).expect(404);
    await w.as(s.requester).post(`/api/v1/orders/${submitted.id}/accept`, { version: submitted.version }).expect(403);
    await w.as(s.requester).post(`/api/v1/orders/${submitted.id}/messages`, { kind: 'advice', body: 'Use print.' }).expect(403);
    const stale = await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${submitted.id}/accept`, { version: submitted.version - 1 })
      .expect(409);
    expect(stale.body.title).toBe('Version conflict');
  });
});

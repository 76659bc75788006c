import type { Question } from '../../src/catalog/domain/question';
import { aDraftOrder, aScenario, pointers } from '../factories/orders';
import { TestUnit, TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const QUESTIONS: Question[] = [
  {
    key: 'format',
    type: 'choice',
    label: 'Format',
    help: 'So we know which printer to book.',
    required: true,
    options: [
      { value: 'a5', label: 'A5' },
      { value: 'a4', label: 'A4' },
    ],
  },
  { key: 'copies', type: 'number', label: 'Copies', min: 1, max: 5000, showIf: { key: 'format', in: ['a5', 'a4'] } },
];

describe('catalog: services and versioned questionnaires', () => {
  let t: TestApp;
  let w: World;
  let comms: TestUnit;
  let lead: TestUser;
  let outsider: TestUser;
  let deliverer: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    comms = await w.aUnit('support');
    [lead, outsider, deliverer] = await Promise.all([w.aManager(comms), w.aManager(await w.aUnit('support')), w.aDeliverer(comms)]);
  });
  afterAll(() => t.close());

  async function aServiceOfComms(): Promise<string> {
    const res = await w
      .as(lead)
      .post('/api/v1/services', {
        supportUnitId: comms.id,
        name: 'Printed flyer',
        description: 'Flyers and posters, designed and printed.',
        targetLeadTimeDays: 10,
      })
      .expect(201);
    return res.body.id;
  }

  it('lets the owning unit’s manager publish versions; a published version never changes', async () => {
    const serviceId = await aServiceOfComms();
    const v1 = (await w.as(lead).post(`/api/v1/services/${serviceId}/questionnaires`, { questions: QUESTIONS }).expect(201)).body;
    expect(v1).toMatchObject({ version: 1, status: 'draft' });
    // Not orderable until published.
    await w.as(lead).get(`/api/v1/services/${serviceId}/questionnaire`).expect(404);

    const edited = (
      await w
        .as(lead)
        .patch(`/api/v1/services/${serviceId}/questionnaires/${v1.id}`, { questions: QUESTIONS.slice(0, 1) })
        .expect(200)
    ).body;
    expect(edited.questions).toHaveLength(1);
    await w.as(lead).post(`/api/v1/services/${serviceId}/questionnaires/${v1.id}/publish`).expect(200);
    const current = (await w.as(deliverer).get(`/api/v1/services/${serviceId}/questionnaire`).expect(200)).body;
    expect(current).toMatchObject({ id: v1.id, version: 1, status: 'published' });

    const immutable = await w.as(lead).patch(`/api/v1/services/${serviceId}/questionnaires/${v1.id}`, { questions: QUESTIONS }).expect(409);
    expect(immutable.headers['content-type']).toMatch(/problem\+json/);
    await w.as(lead).post(`/api/v1/services/${serviceId}/questionnaires/${v1.id}/publish`).expect(409);
    // Even the database refuses to change a published version.
    await expect(t.db.query(`UPDATE questionnaires SET questions = '[]' WHERE id = $1`, [v1.id])).rejects.toThrow(/immutable/);

    const v2 = (await w.as(lead).post(`/api/v1/services/${serviceId}/questionnaires`, { questions: QUESTIONS }).expect(201)).body;
    expect(v2.version).toBe(2);
    await w.as(lead).post(`/api/v1/services/${serviceId}/questionnaires/${v2.id}/publish`).expect(200);
    expect((await w.as(deliverer).get(`/api/v1/services/${serviceId}/questionnaire`).expect(200)).body.version).toBe(2);
  });

  it('lets an edit racing a publish land before it or get 409, never change what was published', async () => {
    const serviceId = await aServiceOfComms();
    for (let i = 0; i < 8; i++) {
      const draft = (await w.as(lead).post(`/api/v1/services/${serviceId}/questionnaires`, { questions: QUESTIONS }).expect(201)).body;
      const [edit, publish] = await Promise.all([
        w.as(lead).patch(`/api/v1/services/${serviceId}/questionnaires/${draft.id}`, { questions: QUESTIONS.slice(0, 1) }),
        w.as(lead).post(`/api/v1/services/${serviceId}/questionnaires/${draft.id}/publish`),
      ]);
      expect(publish.status).toBe(200);
      expect([200, 409]).toContain(edit.status);
      const [stored] = await t.db.query('SELECT status, questions FROM questionnaires WHERE id = $1', [draft.id]);
      expect(stored).toEqual({ status: 'published', questions: publish.body.questions });
    }
  });

  it('rejects an invalid questionnaire at save time, pointing at the offending question', async () => {
    const serviceId = await aServiceOfComms();
    const invalid: unknown[] = [
      { key: 'format', type: 'choice', label: 'Format' }, // choice without options
      { key: 'format', type: 'text', label: 'Again' }, // duplicate key
      { key: 'later', type: 'text', label: 'Later', showIf: { key: 'after', equals: 'x' } }, // points at a later question
      { key: 'after', type: 'text', label: 'After' },
      { key: 'purpose', type: 'text', label: 'Reserved' },
      { key: 'odd', type: 'colour', label: 'Unknown type' },
    ];
    const res = await w.as(lead).post(`/api/v1/services/${serviceId}/questionnaires`, { questions: invalid }).expect(400);
    const found = pointers(res.body);
    for (const index of [0, 1, 2, 4, 5]) expect(found.some((p) => p.startsWith(`/questions/${index}/`))).toBe(true);
    expect(found.some((p) => p.startsWith('/questions/3/'))).toBe(false);
    // Nothing half-written.
    expect((await t.db.query('SELECT count(*)::int AS n FROM questionnaires WHERE service_id = $1', [serviceId]))[0].n).toBe(0);
  });

  it('keeps each unit’s catalog to its own managers and admins', async () => {
    const serviceId = await aServiceOfComms();
    await w.as(outsider).post(`/api/v1/services/${serviceId}/questionnaires`, { questions: QUESTIONS }).expect(403);
    await w
      .as(outsider)
      .post('/api/v1/services', { supportUnitId: comms.id, name: 'Not yours', description: '', targetLeadTimeDays: 1 })
      .expect(403);
    await w
      .as(deliverer)
      .post('/api/v1/services', { supportUnitId: comms.id, name: 'Not a manager', description: '', targetLeadTimeDays: 1 })
      .expect(403);
    const stale = await w.as(lead).patch(`/api/v1/services/${serviceId}`, { version: 99, name: 'Renamed' }).expect(409);
    expect(stale.body.title).toBe('Version conflict');
    const renamed = (await w.as(lead).patch(`/api/v1/services/${serviceId}`, { version: 1, name: 'Flyers and posters' }).expect(200)).body;
    expect(renamed).toMatchObject({ name: 'Flyers and posters', version: 2 });
    const core = await w.aUnit('core');
    const bad = await w
      .as(await w.anAdmin())
      .post('/api/v1/services', { supportUnitId: core.id, name: 'x', description: '', targetLeadTimeDays: -1 })
      .expect(400);
    expect(pointers(bad.body)).toEqual(['/targetLeadTimeDays']);
  });

  it('takes the whole service back on PATCH, and hands it over only to a unit the caller also manages', async () => {
    const serviceId = await aServiceOfComms();
    const current = (await w.as(lead).get(`/api/v1/services/${serviceId}`).expect(200)).body;
    const whole = { supportUnitId: comms.id, name: 'Printed flyer', description: 'Reworded.', targetLeadTimeDays: 8, active: true };
    const updated = (
      await w
        .as(lead)
        .patch(`/api/v1/services/${serviceId}`, { ...whole, version: current.version })
        .expect(200)
    ).body;
    expect(updated).toMatchObject({ supportUnitId: comms.id, description: 'Reworded.', targetLeadTimeDays: 8 });
    const elsewhere = await w.aUnit('support');
    await w.as(lead).patch(`/api/v1/services/${serviceId}`, { supportUnitId: elsewhere.id }).expect(403);
    const admin = await w.anAdmin();
    const moved = (await w.as(admin).patch(`/api/v1/services/${serviceId}`, { supportUnitId: elsewhere.id }).expect(200)).body;
    expect(moved.supportUnitId).toBe(elsewhere.id);

    const ordered = await aScenario(w);
    await aDraftOrder(w, ordered);
    await w.as(admin).patch(`/api/v1/services/${ordered.serviceId}`, { supportUnitId: elsewhere.id }).expect(409);
  });

  it('lists services a page at a time', async () => {
    const unit = await w.aUnit('support');
    for (const name of ['Banner', 'Artwork', 'Copywriting']) await w.aService(unit, [], { name });
    const first = (await w.as(deliverer).get(`/api/v1/services?supportUnitId=${unit.id}&limit=2`).expect(200)).body;
    expect(first.items.map((x: { name: string }) => x.name)).toEqual(['Artwork', 'Banner']);
    const rest = (await w.as(deliverer).get(`/api/v1/services?supportUnitId=${unit.id}&limit=2&cursor=${first.nextCursor}`).expect(200))
      .body;
    expect(rest.items.map((x: { name: string }) => x.name)).toEqual(['Copywriting']);
    expect(rest.nextCursor).toBeNull();
    const whole = (await w.as(deliverer).get(`/api/v1/services?supportUnitId=${unit.id}`).expect(200)).body;
    expect(whole).toEqual({ items: [expect.anything(), expect.anything(), expect.anything()], nextCursor: null });
  });

  it('lists active services, optionally of one support unit', async () => {
    const serviceId = await aServiceOfComms();
    const listed = (await w.as(deliverer).get(`/api/v1/services?supportUnitId=${comms.id}`).expect(200)).body.items;
    expect(listed.map((s: { id: string }) => s.id)).toContain(serviceId);
    await w.as(lead).patch(`/api/v1/services/${serviceId}`, { active: false }).expect(200);
    const after = (await w.as(deliverer).get(`/api/v1/services?supportUnitId=${comms.id}`).expect(200)).body.items;
    expect(after.map((s: { id: string }) => s.id)).not.toContain(serviceId);
  });
});

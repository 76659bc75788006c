import request from 'supertest';
import { aDeliveredOrder, aDraftOrder, aScenario, anAcceptedOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

/** Submits a draft started through the API, first marking it as started by mail (the mail intake is not ours to drive here). */
async function submittedByMail(w: World, s: OrderScenario) {
  const draft = await aDraftOrder(w, s);
  await w.t.db.query(`UPDATE orders SET channel = 'email' WHERE id = $1`, [draft.id]);
  await w.as(s.requester).post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version }).expect(200);
}

describe('effort, cost and channels in the report; open figures for everyone with OPEN_FIGURES=public', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario, small: OrderScenario;
  let manager: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ OPEN_FIGURES: 'public' });
    w = new World(t);
    s = await aScenario(w);
    small = await aScenario(w);
    manager = await w.aUser([[s.support, 'manager']], { password: PAGE_PASSWORD });
    // Support unit s: 5 orders this month, 4 through the API and 1 by mail.
    // Effort: order 1 90 min, order 2 30 min, orders 3–5 none.
    const first = await anAcceptedOrder(w, s);
    const second = await aDeliveredOrder(w, s);
    await anAcceptedOrder(w, s);
    await anAcceptedOrder(w, s);
    await submittedByMail(w, s);
    await w.as(s.deliverer).post(`/api/v1/orders/${first.id}/effort`, { minutes: 90 }).expect(201);
    await w.as(s.deliverer).post(`/api/v1/orders/${second.id}/effort`, { minutes: 30 }).expect(201);
    // Support unit small: 2 orders, too few to publish.
    await anAcceptedOrder(w, small);
    await anAcceptedOrder(w, small);
  });

  afterAll(() => t.close());

  it('lets the unit’s manager set its hourly cost, and no one else', async () => {
    await w.as(manager).put(`/api/v1/units/${s.support.id}/hourly-cost`, { hourlyCost: 80 }).expect(200);
    const read = await w.as(manager).get(`/api/v1/units/${s.support.id}/hourly-cost`).expect(200);
    expect(read.body).toMatchObject({ unitId: s.support.id, hourlyCost: 80 });
    await w.as(manager).put(`/api/v1/units/${small.support.id}/hourly-cost`, { hourlyCost: 50 }).expect(403);
    await w.as(s.deliverer).put(`/api/v1/units/${s.support.id}/hourly-cost`, { hourlyCost: 1 }).expect(403);
    const bad = await w.as(manager).put(`/api/v1/units/${s.support.id}/hourly-cost`, { hourlyCost: -1 }).expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/hourlyCost']);
    await w.as(manager).put(`/api/v1/units/00000000-0000-4000-8000-000000000000/hourly-cost`, { hourlyCost: 1 }).expect(404);
  });

  it('lets the manager set the hourly cost on the unit’s page too, naming a bad value in the error summary', async () => {
    const browser = await new PageBrowser(t).signIn(manager);
    const form = await browser.get(`/reports/next?supportUnitId=${s.support.id}`);
    expect(form.text).toContain('id="hourly-cost-form"');
    const bad = await browser.post('/reports/next/hourly-cost', { unitId: s.support.id, hourlyCost: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#hourly-cost"');
    const saved = await browser.post('/reports/next/hourly-cost', { unitId: s.support.id, hourlyCost: '80,00' });
    expect(saved.status).toBe(303);
    const page = await browser.get(saved.headers.location.split('#')[0]);
    expect(page.text).toContain('The hourly cost is saved.');
    expect(page.text).toMatch(/id="hourly-cost" name="hourlyCost"[^>]*value="80"/);
    expect((await w.as(manager).get(`/api/v1/units/${s.support.id}/hourly-cost`).expect(200)).body.hourlyCost).toBe(80);
  });

  it('reports effort per order, cost per order and channels, as computed by hand', async () => {
    // effortHoursPerOrder = (1.5 h + 0.5 h) / 2 orders with effort = 1
    // costPerOrder        = (1.5 × 80 + 0.5 × 80) / 2 = 80
    // channels            = 4 api, 1 email
    const report = await w.as(manager).get(`/api/v1/reports/feedback-loop?groupBy=supportUnit&supportUnitId=${s.support.id}`).expect(200);
    expect(report.body.rows).toHaveLength(1);
    expect(report.body.rows[0]).toMatchObject({
      orders: 5,
      effortHoursPerOrder: 1,
      costPerOrder: 80,
      channels: { web: 0, email: 1, api: 4 },
    });
    const csv = await w.as(manager).get(`/api/v1/reports/feedback-loop.csv?groupBy=supportUnit&supportUnitId=${s.support.id}`).expect(200);
    const [header, line] = csv.text.trim().split('\r\n');
    const cells = Object.fromEntries(header.split(',').map((h, i) => [h, line.split(',')[i]]));
    expect(cells).toMatchObject({
      effortHoursPerOrder: '1',
      costPerOrder: '80',
      channels_web: '0',
      channels_email: '1',
      channels_api: '4',
    });
  });

  it('answers the open figures anonymously, per support unit and month, with nulls for a group under 5 orders', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const res = await request(t.http).get('/api/v1/open-figures').expect(200);
    expect(res.body.schema).toBe('open-figures/2');
    expect(res.body.licence).toContain('CC BY 4.0');
    const mine = res.body.rows.find((r: { supportUnitId: string }) => r.supportUnitId === s.support.id);
    expect(mine).toMatchObject({
      supportUnit: s.support.name,
      month,
      orders: 5,
      leadTimeMedianDays: 0,
      onTimeRate: 1,
      digitalTakeUpRate: 0.8,
      // Four accepted within seconds (0 business hours in quarter hours), one not answered yet.
      firstResponseMedianHours: 0,
    });
    const few = res.body.rows.find((r: { supportUnitId: string }) => r.supportUnitId === small.support.id);
    expect(few).toEqual({
      supportUnitId: small.support.id,
      supportUnit: small.support.name,
      month,
      orders: null,
      leadTimeMedianDays: null,
      onTimeRate: null,
      satisfactionAvg: null,
      purposeAchievedRate: null,
      adviceFollowedRate: null,
      recommendationsAdopted: null,
      digitalTakeUpRate: null,
      firstResponseMedianHours: null,
    });
    expect(JSON.stringify(res.body)).not.toContain(s.school.id);
    expect(JSON.stringify(res.body)).not.toContain(s.requester.id);

    const csv = await request(t.http).get('/api/v1/open-figures.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^# open-figures\/2; licence: .*CC BY 4\.0/);
    expect(lines[1]).toBe(
      'supportUnitId,supportUnit,month,orders,leadTimeMedianDays,onTimeRate,satisfactionAvg,purposeAchievedRate,adviceFollowedRate,recommendationsAdopted,digitalTakeUpRate,firstResponseMedianHours',
    );
    expect(lines).toContain(`${s.support.id},${s.support.name},${month},5,0,1,,,,0,0.8,0`);

    const page = await request(t.http).get('/figures').expect(200);
    expect(page.text).toContain(s.support.name);
    expect(page.text).toContain('Digital take-up');
    expect(page.text).toContain('>80 %<');
  });
});

describe('open figures without OPEN_FIGURES=public', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
  });

  afterAll(() => t.close());

  it('answer 401 to an anonymous caller and 200 to anyone signed in', async () => {
    for (const path of ['/api/v1/open-figures', '/api/v1/open-figures.csv']) {
      const res = await request(t.http).get(path).expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const someone = await w.aRequester(await w.aUnit('core'));
    await w.as(someone).get('/api/v1/open-figures').expect(200);
    await w.as(someone).get('/api/v1/open-figures.csv').expect(200);
    const page = await request(t.http).get('/figures');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Ffigures');
  });
});

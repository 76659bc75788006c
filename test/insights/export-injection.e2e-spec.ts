import { aSubmittedOrder } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const FORMULA = "=cmd|' /C calc'!A0";

describe('exports and charts: names cannot inject formulas or break markup', () => {
  let t: TestApp;
  let w: World;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    admin = await w.anAdmin();
  });
  afterAll(() => t.close());

  it('stores unit and service names trimmed and without control characters, on create and on edit', async () => {
    const unit = (
      await w.as(admin).post('/api/v1/units', { name: '  Comms\u0007\u001b[2J\r\nNorth\u202e\u0085  ', kind: 'support' }).expect(201)
    ).body;
    expect(unit.name).toBe('Comms[2J North');
    expect((await w.as(admin).get('/api/v1/units').expect(200)).body.items.find((u: { id: string }) => u.id === unit.id).name).toBe(
      'Comms[2J North',
    );

    const service = (
      await w
        .as(admin)
        .post('/api/v1/services', { supportUnitId: unit.id, name: '\tFlyer\u0008', description: '', targetLeadTimeDays: 3 })
        .expect(201)
    ).body;
    expect(service.name).toBe('Flyer');
    const edited = (
      await w.as(admin).patch(`/api/v1/services/${service.id}`, { name: ' Poster\u2066\u009b ', version: service.version }).expect(200)
    ).body;
    expect(edited.name).toBe('Poster');
    const [row] = await t.db.query('SELECT name FROM services WHERE id = $1', [service.id]);
    expect(row.name).toBe('Poster');
  });

  it('refuses a name that is nothing but control characters, naming the field', async () => {
    const res = await w.as(admin).post('/api/v1/units', { name: '\u0007\u202e \r\n', kind: 'core' }).expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/name');
  });

  it('neutralises a unit name that a spreadsheet would run as a formula, and keeps numbers numbers', async () => {
    const school = (await w.as(admin).post('/api/v1/units', { name: FORMULA, kind: 'core' }).expect(201)).body;
    expect(school.name).toBe(FORMULA);
    const support = await w.aUnit('support');
    const [requester, deliverer, service] = await Promise.all([w.aRequester(school), w.aDeliverer(support), w.aService(support)]);
    await aSubmittedOrder(w, { requester, deliverer, school, support, serviceId: service.id });

    const csv = await w.as(admin).get('/api/v1/reports/feedback-loop.csv?groupBy=requesterUnit').expect(200);
    const [header, ...lines] = csv.text.trim().split('\r\n');
    const line = lines.find((l) => l.startsWith(`${school.id},`));
    expect(line).toBeDefined();
    const ordersColumn = header.split(',').indexOf('orders');
    // A single quote in front: the spreadsheet shows the text and runs nothing.
    expect(line).toContain(`${school.id},'${FORMULA},`);
    expect(line!.split(',')[ordersColumn]).toBe('1');

    // A name stored before names were cleaned on write, formula behind leading spaces: neutralised too.
    await t.db.query('UPDATE units SET name = $2 WHERE id = $1', [school.id, '  @SUM(1+1)']);
    const again = await w.as(admin).get('/api/v1/reports/feedback-loop.csv?groupBy=requesterUnit').expect(200);
    expect(again.text).toContain(`${school.id},'  @SUM(1+1),`);
    await t.db.query('UPDATE units SET name = $2 WHERE id = $1', [school.id, FORMULA]);

    const svg = await w.as(admin).get('/api/v1/reports/feedback-loop.svg?groupBy=requesterUnit').expect(200);
    expect(svg.body.toString()).toContain('=cmd|&#39; /C calc&#39;!A0');
  });
});

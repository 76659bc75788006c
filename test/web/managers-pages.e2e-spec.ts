import request from 'supertest';
import { aDeliveredOrder, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { TestUnit, TestUser, World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

const PASSWORD = PAGE_PASSWORD;

/** The links of a page, unescaped. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}

describe('managers pages: the feedback loop, open figures, accessibility statement', () => {
  let t: TestApp;
  let w: World;
  let school: TestUnit;
  let print: OrderScenario;
  let web: OrderScenario;
  let manager: TestUser;
  let requester: TestUser;
  let printOrder: { id: string; reference: string };
  let webOrder: { id: string; reference: string };

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    school = await w.aUnit('core');
    const scenario = async (): Promise<OrderScenario> => {
      const support = await w.aUnit('support');
      const [deliverer, service] = await Promise.all([w.aDeliverer(support), w.aService(support)]);
      return { requester, deliverer, school, support, serviceId: service.id };
    };
    requester = await w.aUser([[school, 'requester']], { password: PASSWORD });
    print = await scenario();
    web = await scenario();
    manager = await w.aUser([[print.support, 'manager']], { password: PASSWORD });
    printOrder = await aDeliveredOrder(w, print, { title: 'Open day flyer' });
    await aSubmittedOrder(w, print, { title: 'Second flyer' });
    webOrder = await aSubmittedOrder(w, web, { title: 'Web page' });
    // The loop on the delivered order: the requester says its purpose was not achieved; the
    // retrospective recommends a timing change and a better question.
    await w.as(requester).post(`/api/v1/orders/${printOrder.id}/feedback`, { satisfaction: 2, purposeAchieved: 'no' }).expect(201);
    await w
      .as(print.deliverer)
      .post(`/api/v1/orders/${printOrder.id}/retrospective`, {
        outcome: 'The flyers arrived after the open day.',
        purposeAssessment: 'Parents learnt of the day too late.',
        recommendations: [
          { text: 'Order four weeks before the event', rationale: 'Printing takes three weeks', category: 'timing' },
          {
            text: 'Ask for the event date',
            rationale: 'We did not know when the day was',
            category: 'questionnaire',
            targetServiceId: print.serviceId,
          },
        ],
      })
      .expect(201);
  });

  afterAll(() => t?.close());

  it('shows a manager exactly the API report’s rows for their units, every metric, a chart with its numbers beside it', async () => {
    const browser = new PageBrowser(t);
    await browser.signIn(manager);
    const page = await browser.get('/reports?groupBy=supportUnit');
    expect(page.status).toBe(200);
    const api = (await w.as(manager).get('/api/v1/reports/feedback-loop?groupBy=supportUnit').expect(200)).body;
    expect(api.rows.map((r: { group: { label: string } }) => r.group.label)).toEqual([print.support.name]);
    expect(page.text).toContain(print.support.name);
    expect(page.text).not.toContain(web.support.name);
    // The chart is an image with a title and a description, and the same numbers are in a table.
    expect(page.text).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-title" aria-describedby="chart-desc"/);
    expect(page.text).toContain('<title id="chart-title">Orders</title>');
    expect(page.text).toMatch(/id="chart-numbers"[\s\S]*<th scope="row" class="govuk-table__header">[^<]*<\/th>\s*<td[^>]*>2<\/td>/);
    for (const metric of [
      'Orders with consultation',
      'Advice followed',
      'Lead time, median (days)',
      'Delivered on time',
      'Purpose achieved',
      'Recommendations adopted',
    ]) {
      expect(page.text).toContain(metric);
    }
    expect(page.text).toContain('href="/reports"'); // the navigation entry
  });

  it('drills down from a support unit to its services, and from a service to the orders behind the figure', async () => {
    const browser = new PageBrowser(t);
    await browser.signIn(manager);
    const units = await browser.get('/reports?groupBy=supportUnit&from=2000-01-01&to=2100-12-31');
    const toServices = hrefs(units.text).find((h) => h.startsWith('/reports?') && h.includes(`supportUnitId=${print.support.id}`))!;
    expect(toServices).toContain('groupBy=service');
    expect(toServices).toContain('from=2000-01-01');
    const services = await browser.get(toServices);
    expect(services.status).toBe(200);
    expect(services.text).toContain(`Showing only: ${print.support.name}.`);
    const toOrders = hrefs(services.text).find((h) => h.startsWith('/reports/orders?'))!;
    expect(toOrders).toContain(`serviceId=${print.serviceId}`);
    const orders = await browser.get(toOrders);
    expect(orders.status).toBe(200);
    expect(orders.text).toContain(printOrder.reference);
    expect(orders.text).not.toContain(webOrder.reference);
    // The period goes along, in whole months as the report counts them.
    expect(toOrders).toContain('submittedFrom=2000-01-01');
    expect(toOrders).toContain('submittedTo=2100-12-31');
    const outside = await browser.get(`/reports/orders?serviceId=${print.serviceId}&submittedFrom=2000-01-01&submittedTo=2000-12-31`);
    expect(outside.status).toBe(200);
    expect(outside.text).not.toContain(printOrder.reference);
  });

  it('downloads the same CSV as the API for the same filters', async () => {
    const browser = new PageBrowser(t);
    await browser.signIn(manager);
    const page = await browser.get('/reports?groupBy=service&metric=onTimeRate');
    const csvHref = hrefs(page.text).find((h) => h.startsWith('/reports/feedback-loop.csv'))!;
    expect(csvHref).toBe('/reports/feedback-loop.csv?groupBy=service');
    const csv = await browser.get(csvHref);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('feedback-loop.csv');
    const api = await w.as(manager).get('/api/v1/reports/feedback-loop.csv?groupBy=service').expect(200);
    expect(csv.text).toBe(api.text);
    expect(csv.text).not.toContain(web.support.name);
  });

  it('refuses a period that ends before it starts, naming the field, in the page’s language', async () => {
    const browser = new PageBrowser(t);
    await browser.signIn(manager);
    const en = await browser.get('/reports?from=2026-05-01&to=2026-01-01');
    expect(en.status).toBe(400);
    expect(en.text).toContain('The end of the period must not be before its start');
    expect(en.text).toContain('href="#to"');
    const bad = await browser.get('/reports?from=2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#from"');
  });

  it('tells a manager what the loop says next for their support unit: open recommendations, the questionnaire backlog, advice, purposes not achieved', async () => {
    const browser = new PageBrowser(t);
    await browser.signIn(manager);
    const report = await browser.get(`/reports?groupBy=service&supportUnitId=${print.support.id}`);
    expect(hrefs(report.text)).toContain(`/reports/next?supportUnitId=${print.support.id}`);
    const page = await browser.get(`/reports/next?supportUnitId=${print.support.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`What the loop says next: ${print.support.name}`);
    expect(page.text).toContain(`${school.name}: Timing`);
    expect(page.text).toContain('Order four weeks before the event');
    // The questionnaire backlog is listed apart, with its way into the questionnaire editor.
    const backlog = /<ul class="govuk-list" id="backlog">([\s\S]*?)<\/ul>/.exec(page.text)![1];
    expect(backlog).toContain('Ask for the event date');
    expect(backlog).not.toContain('Order four weeks');
    expect(hrefs(backlog)).toEqual([
      expect.stringMatching(new RegExp(`^/catalog/services/${print.serviceId}/questionnaire\\?fromRecommendation=[0-9a-f-]{36}$`)),
    ]);
    expect(page.text).toContain('id="advice"');
    // The order whose purpose was not achieved, with its retrospective.
    const card = /id="not-achieved-1"[\s\S]*?<\/dl>/.exec(page.text)![0];
    expect(card).toContain(printOrder.reference);
    expect(card).toContain('The flyers arrived after the open day.');
    expect(card).toContain('Parents learnt of the day too late.');
    expect(page.text).not.toContain('id="not-achieved-2"');
    // Another support unit is not theirs to lead.
    expect((await browser.get(`/reports/next?supportUnitId=${web.support.id}`)).status).toBe(403);
    expect((await browser.get(`/reports/next?supportUnitId=${print.support.id}`, 'fi')).text).toContain('Kysymyslomakkeen työlista');
    expect((await browser.get(`/reports/next?supportUnitId=${print.support.id}`, 'sv')).text).toContain('Frågeformulärets arbetslista');
  });

  it('gives a requester 403 on the report, its orders and its CSV, and no navigation entry to it', async () => {
    const browser = new PageBrowser(t);
    await browser.signIn(requester);
    expect((await browser.get('/reports')).status).toBe(403);
    expect((await browser.get(`/reports/orders?serviceId=${print.serviceId}`)).status).toBe(403);
    expect((await browser.get('/reports/feedback-loop.csv')).status).toBe(403);
    expect((await browser.get(`/reports/next?supportUnitId=${print.support.id}`)).status).toBe(403);
    const home = await browser.get('/');
    expect(hrefs(home.text)).not.toContain('/reports');
    expect(hrefs(home.text)).toContain('/figures');
  });

  it('shows every signed-in person the open figures of every support unit, without order-level detail', async () => {
    const browser = new PageBrowser(t);
    await browser.signIn(requester);
    const page = await browser.get('/figures');
    expect(page.status).toBe(200);
    expect(page.text).toContain(print.support.name);
    expect(page.text).toContain(web.support.name);
    for (const figure of [
      'Orders',
      'Lead time, median (days)',
      'Delivered on time',
      'Advice followed',
      'Recommendations adopted',
      'Purpose achieved',
      'Satisfaction (1–5)',
    ]) {
      expect(page.text).toContain(`>${figure}</th>`);
    }
    expect(page.text).not.toContain(printOrder.reference);
    expect(page.text).not.toContain('Open day flyer');
    expect(hrefs(page.text).filter((h) => h.startsWith('/orders/'))).toEqual([]);
    expect((await request(t.http).get('/figures')).status).not.toBe(200); // signed out: sign in first
  });

  it('serves the pages in Finnish and Swedish', async () => {
    const browser = new PageBrowser(t);
    await browser.signIn(manager);
    expect((await browser.get('/reports?groupBy=supportUnit', 'fi')).text).toContain('<h1 class="govuk-heading-l">Palautesilmukka</h1>');
    expect((await browser.get('/reports?groupBy=supportUnit', 'sv')).text).toContain(
      '<h1 class="govuk-heading-l">Återkopplingsslingan</h1>',
    );
    expect((await browser.get(`/reports/orders?serviceId=${print.serviceId}`, 'fi')).text).toContain('Lukujen takana olevat tilaukset');
    expect((await browser.get('/figures', 'sv')).text).toContain('Öppna siffror');
    expect((await browser.get('/figures', 'fi')).text).toContain('Avoimet luvut');
  });

  it('has an accessibility statement with the standard’s parts, open to all and linked from every page’s footer', async () => {
    for (const [language, heading] of [
      ['en', 'Enforcement procedure'],
      ['fi', 'Valvontamenettely'],
      ['sv', 'Tillsynsförfarande'],
    ]) {
      const res = await request(t.http).get('/accessibility').set('Accept-Language', language);
      expect(res.status).toBe(200);
      expect(res.text).toContain(heading);
      expect(res.text).toContain('id="report-problem" href="mailto:');
      for (const part of ['status', 'nonAccessible', 'preparation', 'feedback', 'enforcement']) expect(res.text).toContain(`id="${part}"`);
    }
    const landing = await request(t.http).get('/');
    expect(landing.text).toContain('href="/accessibility"');
    const browser = new PageBrowser(t);
    await browser.signIn(manager);
    expect((await browser.get('/reports')).text).toContain('href="/accessibility"');
  });
});

import { readFileSync } from 'node:fs';
import { aDeliveredOrder, aSubmittedOrder, OrderScenario } from '../factories/orders';
import type { TestUser } from '../factories/world';
import { BrowserTest, Visitor } from './support/browser-test';

const PASSWORD = 'correct horse battery';

describe('managers and all staff in a browser', () => {
  let b: BrowserTest;
  let print: OrderScenario;
  let web: OrderScenario;
  let manager: TestUser;
  let requester: TestUser;
  let flyer: { id: string; reference: string };

  beforeAll(async () => {
    b = await BrowserTest.start();
    const school = await b.w.aUnit('core', { name: 'Riverside School' });
    requester = await b.w.aUser([[school, 'requester']], { password: PASSWORD });
    const scenario = async (unitName: string, serviceName: string): Promise<OrderScenario> => {
      const support = await b.w.aUnit('support', { name: unitName });
      const [deliverer, service] = await Promise.all([b.w.aDeliverer(support), b.w.aService(support, [], { name: serviceName })]);
      return { requester, deliverer, school, support, serviceId: service.id };
    };
    print = await scenario('Communications', 'Flyer');
    web = await scenario('Web team', 'Web page');
    manager = await b.w.aUser([[print.support, 'manager']], { password: PASSWORD });
    flyer = await aDeliveredOrder(b.w, print, { title: 'Open day flyer' });
    await aDeliveredOrder(b.w, print, { title: 'Parents’ evening flyer' });
    await aSubmittedOrder(b.w, web, { title: 'Open day web page' });
    await b.w.as(requester).post(`/api/v1/orders/${flyer.id}/feedback`, { satisfaction: 2, purposeAchieved: 'no' }).expect(201);
    await b.w
      .as(print.deliverer)
      .post(`/api/v1/orders/${flyer.id}/retrospective`, {
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
  afterAll(() => b.close());

  let v: Visitor;
  afterEach(() => v.close());

  it('a manager reviews the loop, drills down from a figure to the orders behind it and downloads the CSV', async () => {
    v = await b.visitor();
    await v.signIn(manager.email, PASSWORD);
    await v.click(v.page.getByRole('link', { name: 'Feedback loop' }));
    expect(new URL(v.page.url()).pathname).toBe('/reports');
    // The trend over months: a chart with its numbers in a table beside it.
    expect(await v.page.locator('#chart svg[role=img] > title').textContent()).toBe('Orders');
    const month = new Date().toISOString().slice(0, 7);
    expect(await v.page.locator('#chart-numbers tbody').innerText()).toContain(`${month}\t2`);
    await v.screenshot('manager-report-trend');

    // By support unit, lead time charted: only the manager's own unit.
    await v.page.getByLabel('Group by').selectOption('supportUnit');
    await v.page.getByLabel('Chart', { exact: true }).selectOption('leadTimeMedianDays');
    await v.click(v.page.getByRole('button', { name: 'Show' }));
    expect(await v.page.locator('#report tbody').innerText()).toContain('Communications');
    expect(await v.page.locator('main').innerText()).not.toContain('Web team');
    await v.screenshot('manager-report-support-units');

    // An invalid period is an error named by its field.
    await v.page.getByLabel('From', { exact: true }).fill('2026-05-01');
    await v.page.getByLabel('To', { exact: true }).fill('2026-01-01');
    await v.click(v.page.getByRole('button', { name: 'Show' }));
    await v.expectFocusOnErrorSummary();
    expect(await v.page.locator('.govuk-error-summary').innerText()).toContain('The end of the period must not be before its start');
    await v.page.getByLabel('From', { exact: true }).fill('');
    await v.page.getByLabel('To', { exact: true }).fill('');
    await v.click(v.page.getByRole('button', { name: 'Show' }));

    // Drill down: the unit to its services, the service to the orders behind its figures.
    await v.click(v.page.locator('#report').getByRole('link', { name: /Communications/ }));
    expect(await v.page.locator('#filtered-by').innerText()).toContain('Showing only: Communications.');
    await v.screenshot('manager-report-services');

    // What the loop says next for the unit, then back to its services.
    await v.click(v.page.getByRole('link', { name: 'What the loop says next' }));
    expect(await v.page.locator('#backlog').innerText()).toContain('Ask for the event date');
    expect(await v.page.locator('#not-achieved-1').innerText()).toContain('The flyers arrived after the open day.');
    expect(await v.page.locator('#backlog').getByRole('link', { name: 'Turn into a question' }).getAttribute('href')).toMatch(
      new RegExp(`^/catalog/services/${print.serviceId}/questionnaire\\?fromRecommendation=[0-9a-f-]{36}$`),
    );
    await v.screenshot('manager-loop-next');
    await v.page.goBack();
    await v.audit();
    await v.click(v.page.locator('#report').getByRole('link', { name: /Flyer/ }));
    expect(new URL(v.page.url()).pathname).toBe('/reports/orders');
    expect(await v.page.locator('#orders').innerText()).toContain(flyer.reference);
    await v.click(v.page.getByRole('link', { name: flyer.reference }));
    expect(new URL(v.page.url()).pathname).toBe(`/orders/${flyer.id}`);

    // The CSV of what is on the page.
    await v.goto('/reports?groupBy=service');
    const [download] = await Promise.all([v.page.waitForEvent('download'), v.page.getByRole('link', { name: 'Download as CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('feedback-loop.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/^group,label,orders,/);
    expect(csv).toContain('Flyer');
    expect(csv).not.toContain('Web page');
    v.done();
  });

  it('a manager reads the report in Finnish and Swedish', async () => {
    for (const language of ['fi', 'sv'] as const) {
      v = await b.visitor({ language });
      await v.signIn(manager.email, PASSWORD);
      await v.goto('/reports?groupBy=supportUnit');
      expect(await v.lang()).toBe(language);
      expect(await v.page.locator('h1').innerText()).toBe(language === 'fi' ? 'Palautesilmukka' : 'Återkopplingsslingan');
      await v.goto(`/reports/orders?serviceId=${print.serviceId}`);
      await v.goto(`/reports/next?supportUnitId=${print.support.id}`);
      await v.goto('/figures');
      await v.goto('/accessibility');
      if (language === 'fi') await v.screenshot('manager-report-fi');
      v.done();
      await v.close();
    }
    v = await b.visitor();
  });

  it('a requester reads the open figures page, and the accessibility statement from the footer', async () => {
    v = await b.visitor();
    await v.signIn(requester.email, PASSWORD);
    await v.click(v.page.getByRole('link', { name: 'Open figures' }));
    const table = await v.page.locator('#figures').innerText();
    expect(table).toContain('Communications');
    expect(table).toContain('Web team');
    expect(await v.page.locator('main').innerText()).not.toContain(flyer.reference);
    await v.screenshot('open-figures');
    await v.click(v.page.locator('footer').getByRole('link', { name: 'Accessibility statement' }));
    expect(await v.page.locator('h1').innerText()).toBe('Accessibility statement');
    const response = await v.page.goto('/reports');
    expect(response?.status()).toBe(403);
    await v.audit();
    v.done();
  });
});

import type { Question } from '../../src/catalog/domain/question';
import { aSubmittedOrder, anInProgressOrder, aDeliveredOrder, OrderScenario } from '../factories/orders';
import type { TestUser } from '../factories/world';
import { BrowserTest, Visitor } from './support/browser-test';

const PASSWORD = 'correct horse battery';
const QUESTIONS: Question[] = [
  { key: 'copies', type: 'number', label: 'How many copies', required: true, min: 1 },
  {
    key: 'format',
    type: 'choice',
    label: 'Format',
    options: [
      { value: 'a4', label: 'A4' },
      { value: 'a5', label: 'A5' },
    ],
  },
];

describe('the deliverer in a browser', () => {
  let b: BrowserTest;
  let s: OrderScenario;
  let deliverer: TestUser;
  beforeAll(async () => {
    b = await BrowserTest.start();
    const school = await b.w.aUnit('core', { name: 'Riverside School' });
    const support = await b.w.aUnit('support', { name: 'Communications' });
    const service = await b.w.aService(support, QUESTIONS, { name: 'Flyer' });
    s = { school, support, serviceId: service.id, requester: await b.w.aRequester(school), deliverer: await b.w.aDeliverer(support) };
    deliverer = await b.w.aUser([[s.support, 'deliverer']], { password: PASSWORD });
    s = { ...s, deliverer };
  });
  afterAll(() => b.close());

  let v: Visitor;
  afterEach(() => v.close());

  const api = () => b.w.as(s.requester);
  const orderPath = (id: string) => `/orders/${id}`;

  it('works a submitted order through ask, advise, accept, start, hold, resume, the checklist and delivery, then writes the retrospective', async () => {
    const order = await aSubmittedOrder(b.w, s, { title: 'Open day flyer', answers: { copies: 200, format: 'a4' } });
    v = await b.visitor();
    await v.signIn(deliverer.email, PASSWORD);
    await v.goto('/queue');
    await v.click(v.page.getByRole('link', { name: order.reference }));
    expect(v.page.url()).toContain(orderPath(order.id));

    // Ask: an empty question is an error, with focus on the summary and its link to the field.
    await v.click(v.page.getByRole('link', { name: 'Ask the requester a question' }));
    await v.click(v.page.getByRole('button', { name: 'Send the question' }));
    await v.expectFocusOnErrorSummary();
    await v.page.keyboard.press('Tab');
    await v.expectVisibleFocus();
    expect((await v.focused())?.text).toBe('Fill in “Your question”');
    await v.page.getByLabel('Your question').fill('Who are the flyers for?');
    await v.click(v.page.getByRole('button', { name: 'Send the question' }));
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('Your question was sent to the requester.');

    // Advise, suggesting another format.
    await v.click(v.page.getByRole('link', { name: 'Give advice' }));
    await v.page.getByLabel('Your advice').fill('A5 is enough for a flyer, and cheaper.');
    await v.page.getByLabel('Format').selectOption('a5');
    await v.click(v.page.getByRole('button', { name: 'Send the advice' }));
    let view = (await api().get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view.messages.at(-1)).toMatchObject({ kind: 'advice', suggestedAnswers: { format: 'a5' } });

    // The requester keeps the order with a reason; the deliverer accepts it.
    await api().post(`/api/v1/orders/${order.id}/keep`, { version: view.version, reason: 'A4 fits the notice boards.' }).expect(200);
    await v.goto(orderPath(order.id));
    expect(await v.page.locator('main').innerText()).toContain('A4 fits the notice boards.');
    await v.page.getByLabel('Who does the work').selectOption(deliverer.id);
    await v.click(v.page.getByRole('button', { name: 'Accept the order' }));
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('The order was accepted.');
    await v.click(v.page.getByRole('button', { name: 'Start the work' }));

    // Hold needs a reason.
    await v.click(v.page.getByRole('link', { name: 'Put on hold' }));
    await v.click(v.page.getByRole('button', { name: 'Put on hold' }));
    await v.expectFocusOnErrorSummary();
    await v.page.getByLabel('Why is the work paused?').fill('Waiting for the new logo.');
    await v.click(v.page.getByRole('button', { name: 'Put on hold' }));
    expect(await v.page.locator('main').innerText()).toContain('On hold');
    await v.click(v.page.getByRole('button', { name: 'Resume the work' }));
    await v.screenshot('deliverer-order');

    // Delivering before the checklist is done: the summary names each item and links to its button.
    await v.click(v.page.getByRole('button', { name: 'Deliver the order' }));
    await v.page.getByLabel('Delivery note').fill('Printed and sent to the school office.');
    await v.click(v.page.getByRole('button', { name: 'Deliver', exact: true }));
    await v.expectFocusOnErrorSummary();
    const summary = await v.page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Mark “How many copies: 200” as done on the checklist before delivering');
    expect(summary).toContain('Mark “Format: A4” as done');
    await v.page.keyboard.press('Tab');
    await v.page.keyboard.press('Enter');
    expect((await v.focused())?.text).toBe('Mark as done');
    await v.follow(() => v.page.keyboard.press('Enter'));
    expect(await v.page.locator('#checklist ~ ul li').first().innerText()).toContain('Done');
    await v.click(v.page.getByRole('button', { name: 'Mark as done' }));
    await v.page.getByLabel('Delivery note').fill('Printed and sent to the school office.');
    await v.page.getByLabel('Professional note (optional)').fill('A5 would have reached the same parents for less.');
    await v.click(v.page.getByRole('button', { name: 'Deliver', exact: true }));
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('The order was delivered.');
    view = (await api().get(`/api/v1/orders/${order.id}`).expect(200)).body;
    expect(view).toMatchObject({ status: 'delivered', professionalNote: 'A5 would have reached the same parents for less.' });

    // The retrospective, with a second recommendation row added without saving anything.
    await v.click(v.page.getByRole('button', { name: 'Write the retrospective' }));
    await v.page.getByLabel('Outcome').fill('The flyers were on the boards a week before the open day.');
    await v.click(v.page.getByRole('button', { name: 'Add another recommendation' }));
    expect(await v.page.getByRole('group', { name: 'Recommendation 2' }).count()).toBe(1);
    expect(await v.page.getByLabel('Outcome').inputValue()).toBe('The flyers were on the boards a week before the open day.');
    const second = v.page.getByRole('group', { name: 'Recommendation 2' });
    await second.getByLabel('What to change next time').fill('Order flyers in A5.');
    await v.click(v.page.getByRole('button', { name: 'Save the retrospective' }));
    await v.expectFocusOnErrorSummary();
    const errors = await v.page.locator('.govuk-error-summary').innerText();
    expect(errors).toContain('Fill in “How well was the purpose achieved?”');
    expect(errors).toContain('Fill in “Why: the purpose behind it (recommendation 2)”');
    expect(errors).toContain('Choose one of the options for “Category (recommendation 2)”');
    await v.page.getByLabel('How well was the purpose achieved?').fill('More parents came than last year.');
    await second.getByLabel('Why: the purpose behind it').fill('A5 costs half and the boards take it just as well.');
    await second.getByLabel('Category').selectOption('format');
    await second.getByLabel('For which of your services (optional)').selectOption(s.serviceId);
    await v.click(v.page.getByRole('button', { name: 'Save the retrospective' }));
    const main = await v.page.locator('main').innerText();
    expect(main).toContain('The retrospective was saved.');
    expect(main).toContain('Order flyers in A5.');
    const recommendations = (await api().get(`/api/v1/recommendations?unitId=${s.school.id}`).expect(200)).body.items;
    expect(recommendations).toEqual([expect.objectContaining({ text: 'Order flyers in A5.', category: 'format', status: 'open' })]);
  });

  it('filters the queue, shows an empty state, pages on, and can be used with the keyboard alone', async () => {
    // Another requesting unit, so the recommendation above does not hold these orders at submit.
    const school = await b.w.aUnit('core', { name: 'Eastside School' });
    const other: OrderScenario = { ...s, school, requester: await b.w.aRequester(school) };
    await aSubmittedOrder(b.w, other, { title: 'Spring concert poster', answers: { copies: 40 } });
    await anInProgressOrder(b.w, other, { title: 'Parents’ evening invitation', answers: { copies: 300, format: 'a5' } });
    const held = await anInProgressOrder(b.w, other, { title: 'Sports day programme', answers: { copies: 120 } });
    await b.w
      .as(s.deliverer)
      .post(`/api/v1/orders/${held.id}/hold`, { version: held.version, note: 'Waiting for the timetable.' })
      .expect(200);
    v = await b.visitor();
    await v.signIn(deliverer.email, PASSWORD);
    await v.goto('/queue');
    await v.screenshot('deliverer-queue');
    for (let i = 0; i < 26; i++) await aSubmittedOrder(b.w, other, { title: `Poster ${i}`, answers: { copies: 10 } });
    await v.goto('/queue');
    expect(await v.page.locator('#queue tbody tr').count()).toBe(25);
    await v.click(v.page.getByRole('link', { name: 'Next page' }));
    expect(await v.page.locator('#queue tbody tr').count()).toBeGreaterThan(0);
    await v.click(v.page.getByRole('link', { name: 'First page' }));

    // The filters fold away until asked for (they stay open while some are set).
    expect(await v.page.getByLabel('Search').isVisible()).toBe(false);
    await v.page.getByText('Filter the queue').click();
    await v.page.getByLabel('Search').fill('Poster 7');
    await v.click(v.page.getByRole('button', { name: 'Show orders' }));
    expect(await v.page.locator('#queue tbody tr').count()).toBe(1);
    expect(await v.page.locator('#queue').innerText()).toContain('Eastside School');

    await v.page.getByLabel('Search').fill('');
    await v.page.getByLabel('Orders waiting on the requester').check();
    await v.page.getByLabel('Assignee').selectOption('me');
    await v.click(v.page.getByRole('button', { name: 'Show orders' }));
    expect(await v.page.locator('#queue-empty').innerText()).toBe('No orders match these filters.');
    await v.click(v.page.getByRole('link', { name: 'Clear the filters' }));
    expect(await v.page.locator('#queue tbody tr').count()).toBe(25);

    // Opened without a click, so that the tabbing starts from the top of the page.
    await v.page.locator('details.app-filters').evaluate((details: HTMLDetailsElement) => (details.open = true));
    const stops = await v.tabThroughPage();
    expect(stops[0]).toContain('govuk-skip-link');
    // Each status is a box of its own (#status, #status-2, …): the fields in the order they are read.
    const order = stops.map((stop) => /#(status|assigneeId|overdue|waitingOnRequester|q)\b/.exec(stop)?.[1]).filter(Boolean);
    expect(order.filter((name, i) => name !== order[i - 1])).toEqual(['status', 'assigneeId', 'overdue', 'waitingOnRequester', 'q']);
  });

  it('renders every deliverer page in Finnish and in Swedish', async () => {
    const school = await b.w.aUnit('core');
    const other: OrderScenario = { ...s, school, requester: await b.w.aRequester(school) };
    const submitted = await aSubmittedOrder(b.w, other, { answers: { copies: 5, format: 'a4' } });
    const started = await anInProgressOrder(b.w, other, { answers: { copies: 5 } });
    const delivered = await aDeliveredOrder(b.w, other, { answers: { copies: 5 } });
    const pages: Array<[string, string, string]> = [
      ['/queue', 'Työjono', 'Arbetskö'],
      [orderPath(submitted.id), 'Hyväksy tilaus', 'Godta beställningen'],
      [`${orderPath(submitted.id)}/ask`, 'Esitä tilaajalle kysymys', 'Ställ en fråga till beställaren'],
      [`${orderPath(submitted.id)}/advise`, 'Anna neuvo', 'Ge råd'],
      [`${orderPath(submitted.id)}/transfer`, 'Siirrä toiseen palveluun', 'Flytta till en annan tjänst'],
      [orderPath(started.id), 'Tarkistuslista', 'Checklista'],
      [`${orderPath(started.id)}/hold`, 'Keskeytä tilaus', 'Pausa beställningen'],
      [`${orderPath(started.id)}/propose-change`, 'Ehdota muutosta', 'Föreslå en ändring'],
      [`${orderPath(started.id)}/deliver`, 'Toimita tilaus', 'Leverera beställningen'],
      [`${orderPath(delivered.id)}/retrospective`, 'Kirjoita jälkiarvio', 'Skriv utvärderingen'],
    ];
    v = await b.visitor({ language: 'fi' });
    await v.signIn(deliverer.email, PASSWORD);
    for (const [path, finnish] of pages) {
      await v.goto(path);
      expect(await v.lang()).toBe('fi');
      expect(await v.page.locator('main').innerText()).toContain(finnish);
    }
    await v.switchLanguage('sv');
    for (const [path, , swedish] of pages) {
      await v.goto(path);
      expect(await v.lang()).toBe('sv');
      expect(await v.page.locator('main').innerText()).toContain(swedish);
    }

    // A change the requester proposed, for the support unit to decide.
    const changing = await anInProgressOrder(b.w, other, { answers: { copies: 5 } });
    await b.w
      .as(other.requester)
      .post(`/api/v1/orders/${changing.id}/change-requests`, { reason: 'Dubbelt så många föräldrar.', answers: { copies: 10 } })
      .expect(201);
    await v.goto(orderPath(changing.id));
    await v.audit('a change to decide');
    expect(await v.page.locator('main').innerText()).toContain('Beställaren föreslår en ändring');
    await v.click(v.page.getByRole('button', { name: 'Godkänn ändringen' }));
    const decided = (await b.w.as(other.requester).get(`/api/v1/orders/${changing.id}`).expect(200)).body;
    expect(decided.changeRequests[0].status).toBe('approved');
  });
});

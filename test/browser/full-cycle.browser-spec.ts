import type { Question } from '../../src/catalog/domain/question';
import type { TestUser } from '../factories/world';
import { BrowserTest, Visitor } from './support/browser-test';

const PASSWORD = 'correct horse battery';
const PURPOSE = 'Parents of new pupils know when the open day is, so more of them come.';

const QUESTIONS: Question[] = [
  { key: 'copies', type: 'number', label: 'How many copies?', help: 'Printing is ordered in batches of 50.', required: true, min: 1 },
  { key: 'printed', type: 'yesno', label: 'Should it be printed?', help: 'Digital flyers reach parents sooner.', required: true },
  {
    key: 'paper',
    type: 'choice',
    label: 'Which paper?',
    required: true,
    options: [
      { value: 'matte', label: 'Matte' },
      { value: 'glossy', label: 'Glossy' },
    ],
    showIf: { key: 'printed', equals: true },
  },
];

/**
 * The whole cycle with three people at their own browsers: a requester orders, the deliverer
 * works the order, and a colleague of the requester meets the retrospective's recommendation
 * on the unit's next order and adopts it. Every page they reach is checked with axe.
 */
describe('the whole cycle in the browser: order, deliver, influence the next order', () => {
  let b: BrowserTest;
  let requester: TestUser;
  let colleague: TestUser;
  let deliverer: TestUser;
  let serviceId: string;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    b = await BrowserTest.start();
    const school = await b.w.aUnit('core', { name: 'Riverside School' });
    const support = await b.w.aUnit('support', { name: 'Communications' });
    requester = await b.w.aUser([[school, 'requester']], { password: PASSWORD });
    colleague = await b.w.aUser([[school, 'requester']], { password: PASSWORD });
    deliverer = await b.w.aUser([[support, 'deliverer']], { password: PASSWORD });
    serviceId = (await b.w.aService(support, QUESTIONS, { name: 'Flyer', leadTimeDays: 10 })).id;
  });
  afterAll(async () => {
    for (const v of visitors) await v.close();
    await b.close();
  });

  async function person(user: TestUser): Promise<Visitor> {
    const v = await b.visitor();
    visitors.push(v);
    await v.signIn(user.email, PASSWORD);
    return v;
  }

  const banner = (v: Visitor) => v.page.locator('.govuk-notification-banner').innerText();

  it('runs from a draft with an error to the next order adopting the recommendation', async () => {
    const anna = await person(requester);
    const carla = await person(deliverer);
    const petra = await person(colleague);

    // The requester drafts: the showIf question appears with its condition, an error on the way.
    await anna.click(anna.page.getByRole('link', { name: 'Order a service' }).first());
    await anna.click(anna.page.getByRole('link', { name: 'Flyer' }));
    const paper = anna.page.getByRole('group', { name: /Which paper/ });
    expect(await paper.isVisible()).toBe(false);
    await anna.page.getByLabel('Title').fill('Open day flyer');
    await anna.page.getByLabel('How many copies?').fill('200');
    await anna.page
      .getByRole('group', { name: /Should it be printed/ })
      .getByLabel('Yes')
      .check();
    expect(await paper.isVisible()).toBe(true);
    await anna.audit('showIf question shown');
    await anna.page.getByLabel('Glossy').check();
    await anna.follow(() => anna.page.getByRole('button', { name: 'Save and continue' }).click());
    await anna.expectFocusOnErrorSummary();
    expect(await anna.page.locator('.govuk-error-summary').innerText()).toContain(
      'Say in a sentence what the order should achieve, and for whom',
    );
    await anna.page.getByLabel('Purpose').fill(PURPOSE);
    await anna.follow(() => anna.page.getByRole('button', { name: 'Save and continue' }).click());
    expect(await anna.page.locator('h1').innerText()).toBe('Check your order before sending it');
    await anna.follow(() => anna.page.getByRole('button', { name: 'Send the order' }).click());
    const reference = await anna.page.locator('.govuk-panel__body strong').innerText();

    // The deliverer finds it in the queue and advises, suggesting a digital flyer.
    await carla.click(carla.page.getByRole('link', { name: 'Queue' }));
    await carla.click(carla.page.getByRole('link', { name: reference }));
    const orderPath = new URL(carla.page.url()).pathname;
    await carla.click(carla.page.getByRole('link', { name: 'Give advice' }));
    await carla.page.getByLabel('Your advice').fill('A digital flyer reaches parents sooner.');
    await carla.page.getByRole('group', { name: 'Should it be printed?' }).getByLabel('No', { exact: true }).check();
    await carla.click(carla.page.getByRole('button', { name: 'Send the advice' }));
    expect(await banner(carla)).toContain('Your advice was sent to the requester.');

    // The requester keeps the order, with a reason.
    await anna.goto(orderPath);
    expect(await anna.page.getByText('A digital flyer reaches parents sooner.').count()).toBe(1);
    await anna.page.getByLabel('Why do you keep the order as it is?').fill('The school fair has no screens; parents pick up flyers there.');
    await anna.follow(() => anna.page.getByRole('button', { name: 'Keep the order as it is' }).click());
    expect(await banner(anna)).toContain('You kept the order as it was.');

    // The deliverer accepts, starts, holds, resumes, works the checklist and delivers.
    await carla.goto(orderPath);
    expect(await carla.page.locator('main').innerText()).toContain('The school fair has no screens');
    await carla.click(carla.page.getByRole('button', { name: 'Accept the order' }));
    await carla.click(carla.page.getByRole('button', { name: 'Start the work' }));
    await carla.click(carla.page.getByRole('link', { name: 'Put on hold' }));
    await carla.page.getByLabel('Why is the work paused?').fill('Waiting for the printer’s slot.');
    await carla.click(carla.page.getByRole('button', { name: 'Put on hold' }));
    await carla.click(carla.page.getByRole('button', { name: 'Resume the work' }));
    while ((await carla.page.getByRole('button', { name: 'Mark as done' }).count()) > 0) {
      await carla.click(carla.page.getByRole('button', { name: 'Mark as done' }).first());
    }
    await carla.click(carla.page.getByRole('button', { name: 'Deliver the order' }));
    await carla.page.getByLabel('Delivery note').fill('200 glossy flyers at the school office.');
    await carla.click(carla.page.getByRole('button', { name: 'Deliver', exact: true }));
    expect(await banner(carla)).toContain('The order was delivered.');

    // The requester accepts the delivery.
    await anna.goto(orderPath);
    await anna.follow(() => anna.page.getByRole('button', { name: 'Accept the delivery' }).click());

    // The deliverer looks back and recommends a change for next time.
    await carla.goto(orderPath);
    await carla.click(carla.page.getByRole('button', { name: 'Write the retrospective' }));
    await carla.page.getByLabel('Outcome').fill('The flyers were at the fair on time.');
    await carla.page.getByLabel('How well was the purpose achieved?').fill('More parents came than last year.');
    const first = carla.page.getByRole('group', { name: 'Recommendation 1' });
    await first.getByLabel('What to change next time').fill('Order four weeks ahead');
    await first.getByLabel('Why: the purpose behind it').fill('Printing slots fill up before school fairs.');
    await first.getByLabel('Category').selectOption('timing');
    await first.getByLabel('For which of your services (optional)').selectOption(serviceId);
    await carla.click(carla.page.getByRole('button', { name: 'Save the retrospective' }));
    expect(await banner(carla)).toContain('The retrospective was saved.');

    // The requester gives feedback; with both in, the order closes.
    await anna.goto(orderPath);
    await anna.page.getByRole('group', { name: 'How satisfied are you?' }).getByLabel('5').check();
    await anna.page.getByRole('group', { name: 'Did the order achieve its purpose?' }).getByLabel('Yes').check();
    await anna.follow(() => anna.page.getByRole('button', { name: 'Send feedback' }).click());
    expect(await banner(anna)).toContain('Thank you for your feedback.');
    const closed = (
      await b.w
        .as(requester)
        .get(`/api/v1/orders/${orderPath.split('/').pop()}`)
        .expect(200)
    ).body;
    expect(closed.status).toBe('closed');

    // A colleague's next order of the same service shows the recommendation; she adopts it.
    await petra.click(petra.page.getByRole('link', { name: 'Order a service' }).first());
    await petra.click(petra.page.getByRole('link', { name: 'Flyer' }));
    await petra.page.getByLabel('Title').fill('Spring concert flyer');
    await petra.page.getByLabel('Purpose').fill('Families know the date of the spring concert, so the hall is full.');
    await petra.page.getByLabel('How many copies?').fill('100');
    await petra.page
      .getByRole('group', { name: /Should it be printed/ })
      .getByLabel('No')
      .check();
    await petra.follow(() => petra.page.getByRole('button', { name: 'Save and continue' }).click());
    expect(await petra.page.getByText('Order four weeks ahead').count()).toBe(1);
    expect(await petra.page.getByText('Printing slots fill up before school fairs.').count()).toBe(1);
    await petra.page.getByLabel('Adopt it for this order').check();
    await petra.follow(() => petra.page.getByRole('button', { name: 'Save the decision' }).click());
    await petra.follow(() => petra.page.getByRole('button', { name: 'Send the order' }).click());
    expect(await petra.page.locator('.govuk-panel__title').innerText()).toBe('Order sent');
    const recommendations = (await b.w.as(colleague).get(`/api/v1/recommendations?serviceId=${serviceId}`).expect(200)).body.items;
    expect(recommendations).toEqual([expect.objectContaining({ text: 'Order four weeks ahead', status: 'adopted' })]);
  });
});

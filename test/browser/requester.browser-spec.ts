import type { Question } from '../../src/catalog/domain/question';
import type { TestUnit, TestUser } from '../factories/world';
import { BrowserTest, Visitor } from './support/browser-test';

const QUESTIONS: Question[] = [
  {
    key: 'copies',
    type: 'number',
    label: 'How many copies?',
    help: 'Printing is ordered in batches of 50.',
    required: true,
    min: 1,
    max: 5000,
  },
  {
    key: 'format',
    type: 'choice',
    label: 'Which size?',
    required: true,
    options: [
      { value: 'a4', label: 'A4' },
      { value: 'a5', label: 'A5' },
    ],
  },
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
  { key: 'notes', type: 'textarea', label: 'Anything else?', maxLength: 500 },
];

const PASSWORD = 'correct horse battery';
const PURPOSE = 'Parents of new pupils know when the open day is, so more of them come.';

describe('requester pages in a browser', () => {
  let b: BrowserTest;
  let school: TestUnit;
  let requester: TestUser;
  let colleague: TestUser;
  let deliverer: TestUser;
  let serviceId: string;
  let v: Visitor;

  beforeAll(async () => {
    b = await BrowserTest.start();
    school = await b.w.aUnit('core', { name: 'Hillside School' });
    const support = await b.w.aUnit('support', { name: 'Communications' });
    requester = await b.w.aUser([[school, 'requester']], { password: PASSWORD });
    colleague = await b.w.aUser([[school, 'requester']], { password: PASSWORD });
    deliverer = await b.w.aDeliverer(support);
    serviceId = (await b.w.aService(support, QUESTIONS, { name: 'Flyer', leadTimeDays: 10 })).id;
  });
  afterAll(() => b.close());
  afterEach(async () => {
    await v?.close();
  });

  /** The support unit's side, through the API: each step with the order's current version. */
  async function asDeliverer(orderId: string, path: string, body: Record<string, unknown> = {}, method: 'post' | 'patch' = 'post') {
    const current = await b.w.as(deliverer).get(`/api/v1/orders/${orderId}`).expect(200);
    const res = await b.w.as(deliverer)[method](`/api/v1/orders/${orderId}${path}`, { version: current.body.version, ...body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  const orderIdIn = (url: string) => /\/orders\/([0-9a-f-]{36})/.exec(url)![1];

  it('orders with an error on the way and a showIf question, decides on advice, accepts the delivery, gives feedback and orders again', async () => {
    v = await b.visitor();
    await v.signIn(requester.email, PASSWORD);
    expect(await v.page.locator('h1').innerText()).toBe('Your orders');
    expect(await v.page.getByText('You have no orders yet.').count()).toBe(1);
    await v.click(v.page.getByRole('link', { name: 'Order a service' }).first());
    await v.screenshot('requester-catalog');
    expect(await v.page.getByText('Usually ready in 10 working days').count()).toBe(1);
    await v.click(v.page.getByRole('link', { name: 'Flyer' }));

    // The showIf question appears only once its condition holds (JavaScript on).
    const paper = v.page.getByRole('group', { name: /Which paper/ });
    expect(await paper.isVisible()).toBe(false);
    await v.page.getByLabel('Title').fill('Open day flyer');
    await v.page.getByLabel('How many copies?').fill('many');
    await v.page
      .getByRole('group', { name: /Should it be printed/ })
      .getByLabel('Yes')
      .check();
    expect(await paper.isVisible()).toBe(true);
    await v.audit('showIf question shown');
    expect(await v.page.getByText('Why we ask: Printing is ordered in batches of 50.').count()).toBe(1);

    // No purpose and a number that is not one: the form comes back with both errors.
    await v.follow(() => v.page.getByRole('button', { name: 'Save and continue' }).click());
    await v.expectFocusOnErrorSummary();
    const summary = v.page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Say in a sentence what the order should achieve, and for whom');
    expect(await v.page.getByLabel('Title').inputValue()).toBe('Open day flyer');
    await v.screenshot('requester-intake-errors');
    await v.page.getByLabel('Purpose').fill(PURPOSE);
    await v.follow(() => v.page.getByRole('button', { name: 'Save and continue' }).click());
    // Saved as a draft; the answers the questionnaire still needs are listed, linked to their fields.
    await v.expectFocusOnErrorSummary();
    expect(await summary.innerText()).toContain('“How many copies?” must be a number');
    expect(await summary.innerText()).toContain('Choose an answer to “Which size?”');
    await v.page.getByRole('link', { name: '“How many copies?” must be a number' }).click();
    expect((await v.focused())?.id).toBe('answers-copies');
    await v.page.getByLabel('How many copies?').fill('200');
    await v.page.getByLabel('A5').check();
    await v.page.getByLabel('Glossy').check();
    await v.screenshot('requester-intake');
    await v.follow(() => v.page.getByRole('button', { name: 'Save and continue' }).click());

    expect(await v.page.locator('h1').innerText()).toBe('Check your order before sending it');
    expect(await v.page.locator('.govuk-summary-list').innerText()).toContain('Glossy');
    await v.screenshot('requester-check-answers');
    await v.follow(() => v.page.getByRole('button', { name: 'Send the order' }).click());
    const reference = await v.page.locator('.govuk-panel__body strong').innerText();
    expect(reference).toMatch(/^[A-Z]{2,5}-\d{4}-\d{4}$/);
    await v.screenshot('requester-confirmation');
    const orderId = orderIdIn((await v.page.getByRole('link', { name: 'Follow your order' }).getAttribute('href')) ?? '');

    // The support unit advises; the requester keeps the order, after forgetting the reason once.
    await asDeliverer(orderId, '/messages', {
      kind: 'advice',
      body: 'A digital flyer reaches parents sooner.',
      suggestedAnswers: { printed: false },
    });
    await v.goto(`/orders/${orderId}`);
    expect(await v.page.getByText('A digital flyer reaches parents sooner.').count()).toBe(1);
    await v.screenshot('requester-order-advice');
    await v.follow(() => v.page.getByRole('button', { name: 'Keep the order as it is' }).click());
    await v.expectFocusOnErrorSummary();
    expect(await v.page.locator('.govuk-error-summary').innerText()).toContain('Fill in “Why do you keep the order as it is?”');

    // Meanwhile the support unit writes again: the page's version is stale, and says so.
    await asDeliverer(orderId, '/messages', { kind: 'advice', body: 'Also: A4 is easier to read.', suggestedAnswers: { format: 'a4' } });
    await v.page.getByLabel('Why do you keep the order as it is?').fill('The school fair has no screens; parents pick up flyers there.');
    await v.follow(() => v.page.getByRole('button', { name: 'Keep the order as it is' }).click());
    expect(await v.page.locator('h1').innerText()).toBe('Someone changed this order');
    await v.click(v.page.getByRole('link', { name: 'See the latest version of the order' }));
    expect(await v.page.getByText('Also: A4 is easier to read.').count()).toBe(1);
    await v.page.getByLabel('Why do you keep the order as it is?').fill('The school fair has no screens; parents pick up flyers there.');
    await v.follow(() => v.page.getByRole('button', { name: 'Keep the order as it is' }).click());
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('You kept the order as it was.');

    // Delivered through the API; the requester accepts and gives feedback.
    await asDeliverer(orderId, '/accept');
    await asDeliverer(orderId, '/start');

    // A change the support unit proposes, approved; one the requester proposes, after forgetting what to change.
    await b.w
      .as(deliverer)
      .post(`/api/v1/orders/${orderId}/change-requests`, { reason: 'The fair moved online.', purpose: `${PURPOSE} Also online.` })
      .expect(201);
    await v.goto(`/orders/${orderId}`);
    expect(await v.page.getByText('The support unit proposes a change').count()).toBe(1);
    await v.follow(() => v.page.getByRole('button', { name: 'Approve the change' }).click());
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('The change has been approved.');
    expect(await v.page.getByText(`${PURPOSE} Also online.`).count()).toBeGreaterThan(0);
    await v.page.getByText('Propose a change to the order').click();
    await v.page.getByLabel('Why is the change needed?').fill('More parents than expected.');
    await v.follow(() => v.page.getByRole('button', { name: 'Propose the change' }).click());
    await v.expectFocusOnErrorSummary();
    expect(await v.page.locator('.govuk-error-summary').innerText()).toContain('Say what should change: enter a new purpose');
    expect(await v.page.getByLabel('Why is the change needed?').inputValue()).toBe('More parents than expected.');
    await v.page.getByLabel('New purpose').fill(`${PURPOSE} For grandparents too.`);
    await v.follow(() => v.page.getByRole('button', { name: 'Propose the change' }).click());
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('Your change has been proposed.');
    const proposed = (await b.w.as(deliverer).get(`/api/v1/orders/${orderId}`).expect(200)).body.changeRequests.find(
      (cr: { status: string }) => cr.status === 'open',
    );
    await asDeliverer(orderId, `/change-requests/${proposed.id}/reject`, { note: 'Grandparents get the online version.' });

    const started = (await b.w.as(deliverer).get(`/api/v1/orders/${orderId}`).expect(200)).body;
    for (const item of started.checklist) await asDeliverer(orderId, `/checklist/${item.id}`, { done: true }, 'patch');
    await asDeliverer(orderId, '/deliver', { deliveryNote: '200 glossy A5 flyers at the school office.' });
    await b.w
      .as(deliverer)
      .post(`/api/v1/orders/${orderId}/retrospective`, {
        outcome: 'Delivered on time.',
        purposeAssessment: 'Flyers reached the parents who came to the fair.',
        recommendations: [
          {
            text: 'Order four weeks ahead',
            rationale: 'Printing slots fill up before school fairs.',
            category: 'timing',
            targetServiceId: serviceId,
          },
        ],
      })
      .expect(201);
    await v.goto(`/orders/${orderId}`);
    expect(await v.page.locator('main').getAttribute('data-state')).toBe('delivered');
    await v.screenshot('requester-order-delivered');
    // Something is missing: reopened, delivered again, accepted.
    await v.page.getByLabel('What is missing or wrong?').fill('The flyers have no map.');
    await v.follow(() => v.page.getByRole('button', { name: 'Reopen the order' }).click());
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('The order has been reopened.');
    await asDeliverer(orderId, '/deliver', { deliveryNote: 'Now with a map.' });
    await v.goto(`/orders/${orderId}`);
    await v.follow(() => v.page.getByRole('button', { name: 'Accept the delivery' }).click());
    await v.page.getByRole('group', { name: 'How satisfied are you?' }).getByLabel('4').check();
    await v.page.getByRole('group', { name: 'Did the order achieve its purpose?' }).getByLabel('Yes').check();
    await v.follow(() => v.page.getByRole('button', { name: 'Send feedback' }).click());
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('Thank you for your feedback.');

    // Order again: a new draft with the answers filled in, and the recommendation to decide on.
    await v.follow(() => v.page.getByRole('button', { name: 'Order again' }).click());
    expect(await v.page.getByLabel('How many copies?').inputValue()).toBe('200');
    await v.follow(() => v.page.getByRole('button', { name: 'Save and continue' }).click());
    expect(await v.page.getByText('Order four weeks ahead').count()).toBe(1);
    await v.screenshot('requester-check-recommendation');
    await v.follow(() => v.page.getByRole('button', { name: 'Send the order' }).click());
    await v.expectFocusOnErrorSummary();
    expect(await v.page.locator('.govuk-error-summary').innerText()).toContain('Decide on this recommendation before sending the order');
    await v.page.getByLabel('Adopt it for this order').check();
    await v.follow(() => v.page.getByRole('button', { name: 'Save the decision' }).click());
    await v.follow(() => v.page.getByRole('button', { name: 'Send the order' }).click());
    expect(await v.page.locator('.govuk-panel__title').innerText()).toBe('Order sent');

    // Home: my orders, what waits for me; the colleague sees them as the unit's orders.
    await v.goto('/');
    expect(await v.page.locator('#my-orders').innerText()).toContain(reference);
    await v.screenshot('requester-home');
    const other = await b.visitor();
    await other.signIn(colleague.email, PASSWORD);
    expect(await other.page.locator('#unit-orders-1').innerText()).toContain(reference);
    await other.close();
  });

  it('completes the intake with the keyboard alone', async () => {
    v = await b.visitor();
    await v.signIn(requester.email, PASSWORD);
    await v.goto(`/catalog/${serviceId}/order`);
    const k = v.page.keyboard;
    const tabTo = async (id: string) => {
      for (let i = 0; i < 80; i++) {
        await k.press('Tab');
        if ((await v.focused())?.id === id) return v.expectVisibleFocus();
      }
      throw new Error(`could not reach #${id} with Tab`);
    };
    await tabTo('title');
    await k.type('Keyboard flyer');
    await tabTo('purpose');
    await k.type(PURPOSE);
    await tabTo('answers-copies');
    await k.type('50');
    await tabTo('answers-format');
    await k.press('Space');
    await tabTo('answers-printed');
    await k.press('Space'); // Yes: the paper question appears, next in the tab order
    await tabTo('answers-paper');
    await k.press('Space');
    await tabTo('answers-notes');
    await k.type('Thank you!');
    await k.press('Tab');
    expect((await v.focused())?.text).toBe('Save and continue');
    await v.follow(() => k.press('Enter'));
    expect(await v.page.locator('h1').innerText()).toBe('Check your order before sending it');
    for (let i = 0; i < 80 && (await v.focused())?.text !== 'Send the order'; i++) await k.press('Tab');
    await v.follow(() => k.press('Enter'));
    expect(await v.page.locator('.govuk-panel__title').innerText()).toBe('Order sent');
  });

  it('completes the intake without JavaScript: every question shown, answers to questions that do not apply dropped', async () => {
    v = await b.visitor({ javaScript: false });
    await v.signIn(requester.email, PASSWORD);
    await v.goto(`/catalog/${serviceId}/order`);
    expect(await v.page.getByText('Answer only if you answered “Yes” to “Should it be printed?”.').isVisible()).toBe(true);
    await v.page.getByLabel('Title').fill('No-script flyer');
    await v.page.getByLabel('Purpose').fill(PURPOSE);
    await v.page.getByLabel('How many copies?').fill('100');
    await v.page.getByLabel('A4').check();
    await v.page
      .getByRole('group', { name: /Should it be printed/ })
      .getByLabel('No')
      .check();
    await v.page.getByLabel('Matte').check(); // does not apply: not printed
    await v.follow(() => v.page.getByRole('button', { name: 'Save and continue' }).click());
    expect(await v.page.locator('.govuk-summary-list').innerText()).not.toContain('Which paper?');
    await v.follow(() => v.page.getByRole('button', { name: 'Send the order' }).click());
    const href = (await v.page.getByRole('link', { name: 'Follow your order' }).getAttribute('href')) ?? '';
    const order = (
      await b.w
        .as(requester)
        .get(`/api/v1/orders/${orderIdIn(href)}`)
        .expect(200)
    ).body;
    expect(order.answers).toEqual({ copies: 100, format: 'a4', printed: false });
  });

  it('shows every requester page in Finnish and Swedish', async () => {
    const drafts = await b.w.as(requester).get(`/api/v1/orders?status=draft`).expect(200);
    const submitted = await b.w.as(requester).get(`/api/v1/orders?status=submitted`).expect(200);
    const closed = await b.w.as(requester).get(`/api/v1/orders?status=closed`).expect(200);
    const draft =
      drafts.body.items[0] ??
      (
        await b.w
          .as(requester)
          .post('/api/v1/orders', { serviceId, requesterUnitId: school.id, title: 'Draft', purpose: PURPOSE, answers: {} })
          .expect(201)
      ).body;
    const pages = [
      '/',
      '/catalog',
      `/catalog/${serviceId}/order`,
      `/orders/${draft.id}/edit?validate=1`,
      `/orders/${draft.id}/check`,
      `/orders/${submitted.body.items[0].id}/confirmation`,
      `/orders/${submitted.body.items[0].id}`,
      `/orders/${closed.body.items[0].id}`,
      '/account/sessions',
      '/no-such-page',
    ];
    for (const language of ['fi', 'sv'] as const) {
      v = await b.visitor({ language });
      await v.signIn(requester.email, PASSWORD);
      for (const path of pages) {
        await v.goto(path);
        expect(await v.lang()).toBe(language);
        if (path === '/') await v.screenshot(`requester-home-${language}`);
        // No English left on the page apart from names and data.
        expect(await v.page.locator('main').innerText()).not.toMatch(
          /\b(Save and continue|Your orders|Check your order|What you can do now)\b/,
        );
      }
      await v.close();
    }
    v = undefined as unknown as Visitor;
  });
});

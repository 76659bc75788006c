import type { Question } from '../../src/catalog/domain/question';
import { aDeliveredOrder } from '../factories/orders';
import type { TestUnit, TestUser } from '../factories/world';
import { BrowserTest, Visitor } from './support/browser-test';

const PASSWORD = 'correct horse battery';
const QUESTIONS: Question[] = [
  {
    key: 'size',
    type: 'choice',
    label: 'Poster size',
    required: true,
    options: [
      { value: 'a3', label: 'A3' },
      { value: 'a2', label: 'A2' },
    ],
  },
  { key: 'copies', type: 'number', label: 'How many copies', min: 1 },
];

describe('the questionnaire editor in a browser', () => {
  let b: BrowserTest;
  let school: TestUnit;
  let manager: TestUser;
  let serviceId: string;
  let support: TestUnit;
  beforeAll(async () => {
    b = await BrowserTest.start();
    school = await b.w.aUnit('core', { name: 'Hillside School' });
    support = await b.w.aUnit('support', { name: 'Print shop' });
    serviceId = (await b.w.aService(support, QUESTIONS, { name: 'Posters' })).id;
    manager = await b.w.aUser([[support, 'manager']], { password: PASSWORD });
  });
  afterAll(() => b.close());

  let v: Visitor;
  afterEach(() => v.close());
  const editor = () => `/catalog/services/${serviceId}/questionnaire`;

  it('adds a question with a showIf, shows the validator’s errors, previews, publishes, and a requester’s next order has it', async () => {
    v = await b.visitor();
    await v.signIn(manager.email, PASSWORD);
    await v.click(v.page.getByRole('link', { name: 'Services and questions' }));
    await v.screenshot('design-services');
    await v.click(v.page.getByRole('link', { name: 'Questions Posters' }));
    await v.click(v.page.getByRole('link', { name: 'Add a question' }));

    // A choice without options, and a key the order already has: the API's validator answers.
    await v.page.getByLabel('Question', { exact: true }).fill('Laminated?');
    await v.page.getByLabel('Key').fill('title');
    await v.page.getByLabel('Type of answer').selectOption('choice');
    await v.click(v.page.getByRole('button', { name: 'Save the question' }));
    await v.expectFocusOnErrorSummary();
    const summary = await v.page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('“Key”: “title” is reserved for the order itself');
    expect(summary).toContain('Give at least one option');

    await v.page.getByLabel('Key').fill('lamination');
    await v.page.getByLabel('Type of answer').selectOption('yesno');
    await v.page.getByLabel('Why we ask (optional)').fill('Laminated posters last outdoors.');
    await v.page.getByLabel('Show the question').selectOption('size');
    await v.page.getByLabel('When the answer is').fill('a2');
    await v.screenshot('design-question');
    await v.click(v.page.getByRole('button', { name: 'Save the question' }));
    expect(await v.page.locator('main').innerText()).toContain('Only if “Poster size” is answered a2');
    await v.screenshot('design-questionnaire');

    await v.click(v.page.getByRole('link', { name: 'Preview as requesters see it' }));
    expect(await v.page.getByText('Laminated?').count()).toBe(1);
    await v.screenshot('design-preview');
    await v.click(v.page.getByRole('link', { name: 'Back to the questionnaire' }));
    await v.click(v.page.getByRole('link', { name: 'Publish the draft' }));
    expect(await v.page.locator('main').innerText()).toMatch(/Added questions\s+Laminated\? \(lamination\)/);
    await v.screenshot('design-publish');
    await v.click(v.page.getByRole('button', { name: 'Publish', exact: true }));
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain(
      'New orders of this service now get the published questions.',
    );
    await v.close();

    // The requester's next order form asks it once A2 is chosen (the page's script shows it).
    const requester = await b.w.aUser([[school, 'requester']], { password: PASSWORD });
    v = await b.visitor();
    await v.signIn(requester.email, PASSWORD);
    await v.goto(`/catalog/${serviceId}/order`);
    const lamination = v.page.getByRole('group', { name: 'Laminated? (optional)' });
    expect(await lamination.isVisible()).toBe(false);
    await v.page.getByLabel('A2').check();
    expect(await lamination.isVisible()).toBe(true);
  });

  it('turns a questionnaire recommendation from “what the loop says next” into a question with a showIf, previews, publishes, and a requester’s next order has it', async () => {
    // A delivered banner order whose retrospective recommends asking a better question.
    const bannersId = (await b.w.aService(support, QUESTIONS, { name: 'Banners' })).id;
    const requester = await b.w.aUser([[school, 'requester']], { password: PASSWORD });
    const deliverer = await b.w.aDeliverer(support);
    const delivered = await aDeliveredOrder(
      b.w,
      { requester, deliverer, school, support, serviceId: bannersId },
      { title: 'Sports day banner', answers: { size: 'a3' } },
    );
    await b.w
      .as(deliverer)
      .post(`/api/v1/orders/${delivered.id}/retrospective`, {
        outcome: 'The banner was hung in the wrong hall.',
        purposeAssessment: 'Guests found the event anyway.',
        recommendations: [
          {
            text: 'Which hall will the banner hang in?',
            rationale: 'We guessed the hall',
            category: 'questionnaire',
            targetServiceId: bannersId,
          },
        ],
      })
      .expect(201);

    v = await b.visitor();
    await v.signIn(manager.email, PASSWORD);
    await v.goto('/reports/next');
    await v.click(v.page.locator('#backlog').getByRole('link', { name: 'Turn into a question' }));
    expect(new URL(v.page.url()).pathname).toBe(`/catalog/services/${bannersId}/questionnaire`);
    expect(await v.page.locator('#from-recommendation').innerText()).toContain('Which hall will the banner hang in?');
    // The same paths as the plain editor, so these states are named for axe to check them too.
    await v.audit('from a recommendation');
    await v.click(v.page.getByRole('link', { name: 'Add a question' }));

    // The recommendation is above the form, and its words are already the question and its help.
    expect(await v.page.locator('#from-recommendation').innerText()).toContain('Why: We guessed the hall');
    await v.audit('from a recommendation');
    expect(await v.page.getByLabel('Question', { exact: true }).inputValue()).toBe('Which hall will the banner hang in?');
    expect(await v.page.getByLabel('Why we ask (optional)').inputValue()).toBe('We guessed the hall');
    await v.screenshot('design-question-from-recommendation');
    await v.page.getByLabel('Key').fill('hall');
    await v.page.getByLabel('Show the question').selectOption('size');
    await v.page.getByLabel('When the answer is').fill('a2');
    await v.click(v.page.getByRole('button', { name: 'Save the question' }));
    expect(await v.page.locator('main').innerText()).toContain('Only if “Poster size” is answered a2');

    await v.click(v.page.getByRole('link', { name: 'Preview as requesters see it' }));
    expect(await v.page.getByLabel('Which hall will the banner hang in? (optional)').count()).toBe(1);
    await v.click(v.page.getByRole('link', { name: 'Back to the questionnaire' }));
    await v.click(v.page.getByRole('link', { name: 'Publish the draft' }));
    expect(await v.page.locator('main').innerText()).toMatch(/Added questions\s+Which hall will the banner hang in\? \(hall\)/);
    await v.click(v.page.getByRole('button', { name: 'Publish', exact: true }));
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain(
      'New orders of this service now get the published questions.',
    );
    await v.close();

    // The requester's next order asks it once A2 is chosen.
    v = await b.visitor();
    await v.signIn(requester.email, PASSWORD);
    await v.goto(`/catalog/${bannersId}/order`);
    const hall = v.page.getByLabel('Which hall will the banner hang in? (optional)');
    expect(await hall.isVisible()).toBe(false);
    await v.page.getByLabel('A2').check();
    expect(await hall.isVisible()).toBe(true);
  });

  it('is usable with the keyboard alone, reordering included', async () => {
    v = await b.visitor();
    await v.signIn(manager.email, PASSWORD);
    await v.goto(editor());
    const stops = await v.tabThroughPage();
    expect(stops.some((s) => s.includes('Move down'))).toBe(true);

    // "Move down" on the first question with Enter: the page comes back at the moved question.
    await v.page.getByRole('button', { name: 'Move down Poster size' }).focus();
    await v.follow(() => v.page.keyboard.press('Enter'));
    expect(new URL(v.page.url()).hash).toBe('#question-1');
    const headings = await v.page.locator('main h2').allInnerTexts();
    expect(headings.slice(0, 2)).toEqual(['1. How many copies', '2. Poster size']);
    // Tab goes on from the moved question: its Edit link next.
    await v.page.keyboard.press('Tab');
    expect((await v.focused())?.text.replace(/\s+/g, ' ')).toBe('Edit Poster size');
    await v.expectVisibleFocus();

    // Add a question with keys only: type, Tab, Enter.
    await v.page.getByRole('link', { name: 'Add a question' }).focus();
    await v.follow(() => v.page.keyboard.press('Enter'));
    await v.page.getByLabel('Question', { exact: true }).focus();
    await v.page.keyboard.type('Where will they hang?');
    await v.page.keyboard.press('Tab');
    await v.page.keyboard.type('place');
    await v.follow(() => v.page.keyboard.press('Enter'));
    expect(await v.page.locator('main').innerText()).toMatch(/\d\. Where will they hang\?/);
  });

  it('shows the editor pages in Finnish and Swedish', async () => {
    for (const language of ['fi', 'sv'] as const) {
      v = await b.visitor({ language });
      await v.signIn(manager.email, PASSWORD);
      await v.goto('/catalog/services');
      await v.goto(editor());
      await v.goto(`${editor()}/questions/new`);
      await v.goto(`${editor()}/questions/0`);
      await v.goto(`${editor()}/preview`);
      await v.goto(`/catalog/services/${serviceId}/edit`);
      await v.goto('/catalog/services/new');
      expect(await v.lang()).toBe(language);
      expect(await v.page.locator('h1').innerText()).toBe(language === 'fi' ? 'Luo palvelu' : 'Skapa en tjänst');
      await v.close();
    }
    v = await b.visitor();
  });
});

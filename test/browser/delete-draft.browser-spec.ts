import type { TestUnit, TestUser } from '../factories/world';
import { BrowserTest, Visitor } from './support/browser-test';

const PASSWORD = 'correct horse battery';

describe('deleting a draft in a browser: the link on the questionnaire, the confirmation with "what stopped you?"', () => {
  let b: BrowserTest;
  let school: TestUnit;
  let requester: TestUser;
  let serviceId: string;
  let v: Visitor;

  beforeAll(async () => {
    b = await BrowserTest.start();
    school = await b.w.aUnit('core', { name: 'Brookside School' });
    const support = await b.w.aUnit('support', { name: 'Printing' });
    requester = await b.w.aUser([[school, 'requester']], { password: PASSWORD });
    serviceId = (
      await b.w.aService(support, [{ key: 'copies', type: 'number', label: 'How many copies?', required: true }], { name: 'Posters' })
    ).id;
  });
  afterAll(() => b.close());
  afterEach(async () => {
    await v?.close();
  });

  it('deletes the draft after the confirmation and counts the answer, the page accessible', async () => {
    const draft = (
      await b.w
        .as(requester)
        .post('/api/v1/orders', {
          serviceId,
          requesterUnitId: school.id,
          title: 'Sports day posters',
          purpose: 'Pupils know the day.',
          answers: {},
        })
        .expect(201)
    ).body;
    v = await b.visitor();
    await v.signIn(requester.email, PASSWORD);
    await v.goto(`/orders/${draft.id}/edit`);
    await v.click(v.page.getByRole('link', { name: 'Delete draft' }));
    await v.page.getByText('Delete this draft').click();
    await v.page.locator('#delete-draft-form').getByLabel('The questions were too hard to answer').check();
    await v.audit('delete-draft confirmation open');
    await v.screenshot('delete-draft');
    await v.follow(() => v.page.getByRole('button', { name: 'Yes, delete the draft' }).click());
    expect(new URL(v.page.url()).pathname).toBe('/');
    expect(await v.page.getByText('The draft was deleted.').count()).toBe(1);
    await b.w.as(requester).get(`/api/v1/orders/${draft.id}`).expect(404);
    const [kept] = await b.t.db.query('SELECT stopped_by, left_at_question FROM intake_facts WHERE order_id = $1', [draft.id]);
    expect(kept).toEqual({ stopped_by: 'questions_too_hard', left_at_question: 'copies' });
  });
});

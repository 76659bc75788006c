import { aDraftOrder, aScenario, aSubmittedOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

const QUESTIONS = [{ key: 'audience', type: 'text' as const, label: 'Who is it for?', required: true }];

describe('"what stopped you?" on the pages: deleting a draft, cancelling; where drafts were left in the report page', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let requester: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w, QUESTIONS);
    requester = await w.aUser([[s.school, 'requester']], { password: PAGE_PASSWORD });
    s = { ...s, requester };
    manager = await w.aUser([[s.support, 'manager']], { password: PAGE_PASSWORD });
  });
  afterAll(() => t.close());

  it('offers deleting a draft behind a confirmation, with the optional question, and deletes it', async () => {
    const draft = await aDraftOrder(w, s);
    const browser = await new PageBrowser(t).signIn(requester);
    const edit = await browser.get(`/orders/${draft.id}/edit`);
    expect(edit.text).toContain(`href="/orders/${draft.id}#delete"`);
    const page = await browser.get(`/orders/${draft.id}`);
    expect(page.text).toContain('id="delete-draft-form"');
    expect(page.text).toContain('What stopped you? (optional)');
    expect(page.text).toContain('value="questions_too_hard"');

    const bad = await browser.post(`/orders/${draft.id}/delete`, { version: String(draft.version), stoppedBy: 'bored' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#delete-stoppedBy"');

    const done = await browser.post(`/orders/${draft.id}/delete`, {
      version: String(draft.version),
      stoppedBy: 'questions_too_hard',
      note: '',
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/?done=deleted');
    expect((await browser.get('/?done=deleted')).text).toContain('The draft was deleted.');
    await w.as(requester).get(`/api/v1/orders/${draft.id}`).expect(404);
    const [kept] = await t.db.query('SELECT stopped_by FROM intake_facts WHERE order_id = $1', [draft.id]);
    expect(kept.stopped_by).toBe('questions_too_hard');
  });

  it('asks on the cancel form too, and takes "rather not say" as no answer', async () => {
    const order = await aSubmittedOrder(w, s, { answers: { audience: 'Parents' } });
    const other = await aSubmittedOrder(w, s, { answers: { audience: 'Parents' } });
    const browser = await new PageBrowser(t).signIn(requester);
    const page = await browser.get(`/orders/${order.id}`);
    expect(page.text).toContain('name="stoppedBy"');
    expect(page.text).not.toContain('id="delete-draft-form"');
    const cancelled = await browser.post(`/orders/${order.id}/cancel`, {
      version: String(order.version),
      reason: 'We printed it ourselves',
      stoppedBy: 'found_another_way',
    });
    expect(cancelled.status).toBe(303);
    const silent = await browser.post(`/orders/${other.id}/cancel`, { version: String(other.version), reason: 'Not now', stoppedBy: '' });
    expect(silent.status).toBe(303);
    const rows = await t.db.query('SELECT id, stopped_by FROM orders WHERE id = ANY($1) ORDER BY id', [[order.id, other.id]]);
    expect(Object.fromEntries(rows.map((r: { id: string; stopped_by: string | null }) => [r.id, r.stopped_by]))).toEqual({
      [order.id]: 'found_another_way',
      [other.id]: null,
    });
  });

  it('shows the manager where drafts were left and what stopped people', async () => {
    await aDraftOrder(w, s, { answers: {} });
    const browser = await new PageBrowser(t).signIn(manager);
    const page = await browser.get(`/reports?groupBy=supportUnit&supportUnitId=${s.support.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Where drafts were left');
    expect(page.text).toMatch(
      /<td class="govuk-table__cell">audience<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">2<\/td>/,
    );
    expect(page.text).toContain('What stopped people');
    expect(page.text).toMatch(/The questions were too hard to answer<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">1</);
    expect(page.text).toMatch(/We found another way<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">1</);
  });
});

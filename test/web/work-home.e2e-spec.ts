import { aScenario, aSubmittedOrder, anAcceptedOrder, anInProgressOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

/** The number a figure on the home page shows, and where it leads. */
function figure(html: string, id: string): { count: number; href: string } {
  const match = new RegExp(`href="([^"]+)" id="${id}"><span class="app-figures__count">(\\d+)</span>`).exec(html);
  if (!match) throw new Error(`no figure #${id}`);
  return { href: match[1].replace(/&amp;/g, '&'), count: Number(match[2]) };
}

describe('home of one’s own work: a deliverer’s day and a lead’s unit, each figure leading to its orders', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let deliverer: TestUser;
  let lead: TestUser;
  let page: PageBrowser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    s = await aScenario(w);
    deliverer = await w.aUser([[s.support, 'deliverer']], { password: PAGE_PASSWORD });
    lead = await w.aUser(
      [
        [s.support, 'deliverer'],
        [s.support, 'manager'],
      ],
      { password: PAGE_PASSWORD },
    );
    const mine = { ...s, deliverer };
    await aSubmittedOrder(w, s, { title: 'Nobody took it' });
    await aSubmittedOrder(w, s, { title: 'Nor this one' });
    await anAcceptedOrder(w, mine, { title: 'Mine, accepted' });
    const late = await anInProgressOrder(w, mine, { title: 'Mine, late' });
    await t.db.query(`UPDATE orders SET due_date = current_date - 2 WHERE id = $1`, [late.id]);
    const soon = await anInProgressOrder(w, mine, { title: 'Mine, due soon' });
    await t.db.query(`UPDATE orders SET due_date = current_date + 3 WHERE id = $1`, [soon.id]);
    page = await new PageBrowser(t).signIn(deliverer);
  });
  afterAll(() => t.close());

  it('shows a deliverer what is theirs, due, late and new, each a link to the queue that lists exactly those', async () => {
    const home = await page.get('/');
    expect(home.text).toContain('Your work today');
    expect(figure(home.text, 'assigned-to-me').count).toBe(3);
    expect(figure(home.text, 'waiting-on-me').count).toBe(3);
    expect(figure(home.text, 'my-overdue').count).toBe(1);
    expect(figure(home.text, 'due-this-week').count).toBe(1);
    expect(figure(home.text, 'new-in-unit').count).toBe(2);
    // A deliverer who leads no unit sees no workload of one.
    expect(home.text).not.toContain('Workload of');

    for (const id of ['assigned-to-me', 'my-overdue', 'new-in-unit']) {
      const { count, href } = figure(home.text, id);
      const queue = await page.get(href);
      expect(queue.status).toBe(200);
      expect((queue.text.match(/<tr class="govuk-table__row">\s*<td/g) ?? []).length).toBe(count);
    }
  });

  it('shows a lead the unit’s workload: open per person, unassigned, overdue and the order waiting longest', async () => {
    const leadPage = await new PageBrowser(t).signIn(lead);
    const home = await leadPage.get('/');
    expect(home.text).toContain(`Workload of ${s.support.name}`);
    expect(figure(home.text, `unassigned-${s.support.id}`).count).toBe(2);
    expect(figure(home.text, `overdue-${s.support.id}`).count).toBe(1);
    expect(home.text).toMatch(new RegExp(`>${deliverer.actor.name}</a></th>\\s*<td[^>]*>3</td>\\s*<td[^>]*>1</td>`));
    expect(home.text).toContain('Waiting longest for acceptance');
    // One click from home to an unassigned order: the figure opens the queue oldest first.
    const unassigned = await leadPage.get(figure(home.text, `unassigned-${s.support.id}`).href);
    expect(unassigned.text.indexOf('Nobody took it')).toBeLessThan(unassigned.text.indexOf('Nor this one'));
  });

  it('keeps a requester’s own home as it was', async () => {
    const requester = await new PageBrowser(t).signIn(await w.aUser([[s.school, 'requester']], { password: PAGE_PASSWORD }));
    const home = await requester.get('/');
    expect(home.text).toContain('Your orders');
    expect(home.text).not.toContain('Your work today');
  });
});

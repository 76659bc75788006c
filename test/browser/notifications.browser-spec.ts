import { EventDispatch } from '../../src/notifications/event-dispatch';
import { aSubmittedOrder } from '../factories/orders';
import { BrowserTest, Visitor } from './support/browser-test';

describe('notifications in a browser', () => {
  let b: BrowserTest;
  const password = 'correct horse battery';
  beforeAll(async () => {
    b = await BrowserTest.start();
  });
  afterAll(() => b.close());

  let v: Visitor;
  afterEach(async () => {
    v.done();
    await v.close();
  });

  /** What the notify job does after the commit, run here directly for every stored event. */
  async function notifyAll(): Promise<void> {
    const events: { id: string }[] = await b.t.db.query('SELECT id FROM outbox_events ORDER BY occurred_at, id');
    for (const e of events) await b.t.app.get(EventDispatch).dispatchStored(e.id);
  }

  it('a requester sees the unread count after a deliverer acts on their order, reads it, marks it read and changes preferences', async () => {
    const school = await b.w.aUnit('core');
    const support = await b.w.aUnit('support');
    const requester = await b.w.aUser([[school, 'requester']], { password });
    const deliverer = await b.w.aDeliverer(support);
    const service = await b.w.aService(support);
    const order = await aSubmittedOrder(b.w, { requester, deliverer, school, support, serviceId: service.id });

    v = await b.visitor();
    await v.signIn(requester.email, password);
    await v.goto('/notifications');
    expect(await v.page.locator('#notifications-empty').isVisible()).toBe(true);

    await b.w.as(deliverer).post(`/api/v1/orders/${order.id}/accept`, { version: order.version }).expect(200);
    await notifyAll();
    await v.goto('/');
    const unread = (await b.w.as(requester).get('/api/v1/notifications').expect(200)).body.unread as number;
    expect(unread).toBeGreaterThanOrEqual(1);
    expect(await v.page.locator('#notifications-link').innerText()).toBe(`Notifications (${unread} unread)`);

    await v.click(v.page.locator('#notifications-link'));
    expect(new URL(v.page.url()).pathname).toBe('/notifications');
    const item = v.page.locator('[data-unread="true"]').filter({ hasText: 'An order was accepted' });
    await expect(item.getByRole('link').getAttribute('href')).resolves.toBe(`/orders/${order.id}`);
    await v.click(item.getByRole('button', { name: /Mark as read/ }));
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('The notification is marked as read.');
    if (unread > 1) await v.click(v.page.getByRole('button', { name: 'Mark all as read' }));
    expect(await v.page.locator('[data-unread="true"]').count()).toBe(0);
    expect(await v.page.locator('#notifications-link').innerText()).toBe('Notifications');

    await v.click(v.page.getByRole('link', { name: 'Choose which notifications you get' }));
    await v.page.getByLabel('Send me notifications by e-mail').uncheck();
    await v.page.getByLabel('Send a daily digest').check();
    await v.page.getByLabel('Work started on an order').uncheck();
    await v.click(v.page.getByRole('button', { name: 'Save settings' }));
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('Your notification settings are saved.');
    const prefs = (await b.w.as(requester).get('/api/v1/me/notification-preferences').expect(200)).body;
    expect(prefs).toMatchObject({ email: false, digest: 'daily' });
    expect(prefs.events['order.started']).toBe(false);
    expect(prefs.events['order.delivered']).toBe(true);
  });

  it('reads in Finnish and Swedish', async () => {
    const school = await b.w.aUnit('core');
    const user = await b.w.aUser([[school, 'requester']], { password });
    v = await b.visitor({ language: 'fi' });
    await v.signIn(user.email, password);
    await v.goto('/notifications');
    expect(await v.page.locator('h1').innerText()).toBe('Ilmoitukset');
    await v.goto('/account/notifications');
    expect(await v.page.locator('h1').innerText()).toBe('Ilmoitusasetukset');
    await v.switchLanguage('sv');
    expect(await v.page.locator('h1').innerText()).toBe('Inställningar för aviseringar');
    await v.goto('/notifications');
    expect(await v.page.locator('h1').innerText()).toBe('Aviseringar');
  });
});

import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EventDispatch } from '../../src/notifications/event-dispatch';
import { aSubmittedOrder, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

const PASSWORD = 'correct horse battery';

/** A browser-like session: cookies kept, each page's CSRF token read from its forms. */
class Browser {
  private cookies: string[] = [];
  csrf = '';
  constructor(private readonly t: TestApp) {}

  private keep(res: request.Response): request.Response {
    for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const pair = c.split(';')[0];
      this.cookies = [...this.cookies.filter((k) => k.split('=')[0] !== pair.split('=')[0]), pair];
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '')?.[1];
    if (token) this.csrf = token;
    return res;
  }

  async get(path: string, language = 'en'): Promise<request.Response> {
    return this.keep(await request(this.t.http).get(path).set('Cookie', this.cookies).set('Accept-Language', language));
  }

  async post(path: string, form: Record<string, string | string[]> = {}, csrf = this.csrf): Promise<request.Response> {
    return this.keep(
      await request(this.t.http)
        .post(path)
        .type('form')
        .set('Cookie', this.cookies)
        .send({ _csrf: csrf, ...form }),
    );
  }

  async signIn(user: TestUser): Promise<void> {
    await this.get('/sign-in');
    expect((await this.post('/sign-in', { email: user.email, password: PASSWORD })).status).toBe(303);
  }
}

/** What the notify job does after the commit, run here directly for every stored event. */
async function notifyAll(t: TestApp): Promise<void> {
  const events: { id: string }[] = await t.db.query('SELECT id FROM outbox_events ORDER BY occurred_at, id');
  for (const e of events) await t.app.get(EventDispatch).dispatchStored(e.id);
}

describe('notifications in the page: the header count, the list, the preferences', () => {
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let order: { id: string; reference: string; version: number };

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    const school = await w.aUnit('core');
    const support = await w.aUnit('support');
    const requester = await w.aUser([[school, 'requester']], { password: PASSWORD });
    const deliverer = await w.aDeliverer(support);
    const service = await w.aService(support);
    s = { requester, deliverer, school, support, serviceId: service.id };
    order = await aSubmittedOrder(w, s);
    // The deliverer acts on the requester's order: the requester is told.
    await w.as(deliverer).post(`/api/v1/orders/${order.id}/accept`, { version: order.version }).expect(200);
    await notifyAll(t);
  });
  afterAll(() => t.close());

  async function unreadByApi(user: TestUser): Promise<number> {
    return (await w.as(user).get('/api/v1/notifications').expect(200)).body.unread;
  }

  it('shows the unread count in the header of every page, the same as the API', async () => {
    const unread = await unreadByApi(s.requester);
    expect(unread).toBeGreaterThanOrEqual(1);
    const browser = new Browser(t);
    await browser.signIn(s.requester);
    // Not the order's page: opening it reads its notifications (tested below).
    for (const path of ['/', '/catalog', '/figures']) {
      const page = await browser.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`Notifications (${unread} unread)`);
    }
    // Signed out: no count, no link.
    const anonymous = await request(t.http).get('/accessibility');
    expect(anonymous.text).not.toContain('id="notifications-link"');
  });

  it('lists the notifications newest first, unread marked, each linking to its order; mark one and all as read with CSRF', async () => {
    const browser = new Browser(t);
    await browser.signIn(s.requester);
    const page = await browser.get('/notifications');
    expect(page.status).toBe(200);
    expect(page.text).toContain('An order was accepted');
    expect(page.text).toContain(`href="/orders/${order.id}"`);
    expect(page.text).toContain('data-unread="true"');
    const id = /data-notification="([0-9a-f-]{36})" data-unread="true"/.exec(page.text)![1];

    // Without the form's token the post is refused and nothing changes.
    const before = await unreadByApi(s.requester);
    expect((await browser.post(`/notifications/${id}/read`, {}, 'forged')).status).toBe(403);
    expect(await unreadByApi(s.requester)).toBe(before);

    await browser.get('/notifications');
    const marked = await browser.post(`/notifications/${id}/read`);
    expect(marked.status).toBe(303);
    expect(marked.headers.location).toBe('/notifications?done=one');
    expect(await unreadByApi(s.requester)).toBe(before - 1);
    const after = await browser.get('/notifications?done=one');
    expect(after.text).toContain('The notification is marked as read.');
    expect(after.text).not.toContain(`data-notification="${id}" data-unread="true"`);

    // Another user's notification, or none at all, is not found.
    expect((await browser.post(`/notifications/${randomUUID()}/read`)).status).toBe(404);
    await browser.get('/notifications');

    await t.db.query(
      `INSERT INTO notifications (user_id, event_id, event, order_id, reference, title) VALUES ($1, $2, 'order.started', $3, $4, 'Open day flyer')`,
      [s.requester.id, randomUUID(), order.id, order.reference],
    );
    expect(await unreadByApi(s.requester)).toBeGreaterThan(0);
    await browser.get('/notifications');
    expect((await browser.post('/notifications/read-all')).status).toBe(303);
    expect(await unreadByApi(s.requester)).toBe(0);
    const none = await browser.get('/notifications?done=all');
    expect(none.text).toContain('All notifications are marked as read.');
    expect(none.text).toContain('You have read all your notifications.');
    expect(none.text).not.toContain('data-unread="true"');
    expect(none.text).toContain('>Notifications</a>');
  });

  it('marks the notifications of an order read when its page is opened, and only those', async () => {
    const reader = await w.aUser([[s.school, 'requester']], { password: PASSWORD });
    const other = randomUUID();
    for (const orderId of [order.id, order.id, other]) {
      await t.db.query(
        `INSERT INTO notifications (user_id, event_id, event, order_id, reference, title) VALUES ($1, $2, 'message.posted', $3, 'REF', 'Flyer')`,
        [reader.id, randomUUID(), orderId],
      );
    }
    expect(await unreadByApi(reader)).toBe(3);
    const browser = new Browser(t);
    await browser.signIn(reader);
    const opened = await browser.get(`/orders/${order.id}`);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('Notifications (1 unread)');
    expect(await unreadByApi(reader)).toBe(1);
    const left = (await w.as(reader).get('/api/v1/notifications?unread=true').expect(200)).body.items;
    expect(left.map((n: { orderId: string }) => n.orderId)).toEqual([other]);
  });

  it('pages the list newest first', async () => {
    const reader = await w.aUser([[s.school, 'requester']], { password: PASSWORD });
    for (let i = 1; i <= 25; i++) {
      await t.db.query(
        `INSERT INTO notifications (user_id, event_id, event, reference, title, created_at) VALUES ($1, $2, 'order.delivered', $3, 'Flyer', now() - make_interval(mins => $4))`,
        [reader.id, randomUUID(), `REF-${String(i).padStart(2, '0')}`, i],
      );
    }
    const browser = new Browser(t);
    await browser.signIn(reader);
    const first = await browser.get('/notifications');
    expect(first.text).toContain('Notifications (25 unread)');
    const refs = (html: string) => [...html.matchAll(/REF-(\d\d)/g)].map((m) => Number(m[1])).filter((n, i, a) => a.indexOf(n) === i);
    expect(refs(first.text)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const next = /href="(\/notifications\?cursor=[^"]+)" rel="next"/.exec(first.text)![1].replace(/&amp;/g, '&');
    const second = await browser.get(next);
    expect(refs(second.text)).toEqual([21, 22, 23, 24, 25]);
    expect(second.text).toContain('rel="first"');
    expect(second.text).not.toContain('rel="next"');
  });

  it('sets e-mail, the daily digest and each event type as the API reads them back', async () => {
    const browser = new Browser(t);
    await browser.signIn(s.requester);
    const page = await browser.get('/account/notifications');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Work started on an order');
    expect(page.text).toMatch(/id="email" name="email" type="checkbox" value="on" checked/);

    const saved = await browser.post('/account/notifications', {
      digest: 'daily',
      events: ['order.delivered', 'order.accepted', 'not.an.event'],
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/account/notifications?done=saved');
    const prefs = (await w.as(s.requester).get('/api/v1/me/notification-preferences').expect(200)).body;
    expect(prefs.email).toBe(false);
    expect(prefs.digest).toBe('daily');
    expect(prefs.events['order.delivered']).toBe(true);
    expect(prefs.events['order.accepted']).toBe(true);
    expect(prefs.events['order.started']).toBe(false);
    expect(prefs.events['not.an.event']).toBeUndefined();

    const again = await browser.get('/account/notifications?done=saved');
    expect(again.text).toContain('Your notification settings are saved.');
    expect(again.text).not.toMatch(/id="email" name="email" type="checkbox" value="on" checked/);
    expect(again.text).toMatch(/value="order.delivered" checked/);
    expect(again.text).not.toMatch(/value="order.started" checked/);

    expect((await browser.post('/account/notifications', { email: 'on' }, 'forged')).status).toBe(403);
  });

  it('speaks Finnish and Swedish', async () => {
    const browser = new Browser(t);
    await browser.signIn(s.requester);
    const fi = await browser.get('/notifications', 'fi');
    expect(fi.text).toContain('<html lang="fi"');
    expect(fi.text).toContain('Tilaus otettiin vastaan');
    expect(fi.text).toContain('Valitse, mitä ilmoituksia saat');
    const sv = await browser.get('/account/notifications', 'sv');
    expect(sv.text).toContain('<html lang="sv"');
    expect(sv.text).toContain('Arbetet med en beställning började');
    expect(sv.text).toContain('Spara inställningarna');
  });

  it('needs a signed-in user', async () => {
    const res = await request(t.http).get('/notifications');
    expect([302, 303]).toContain(res.status);
    expect(res.headers.location).toMatch(/^\/sign-in/);
  });
});

import { aScenario, aSubmittedOrder } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

/** The privacy pages without a browser: "your data" in the account, an admin's export and erasure. */
describe('privacy pages', () => {
  let t: TestApp;
  let w: World;
  let admin: TestUser;
  let browser: PageBrowser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    admin = await w.aUser([], { isAdmin: true, password: PAGE_PASSWORD });
    browser = await new PageBrowser(t).signIn(admin);
  });
  afterAll(() => t.close());

  it('lets a person download their data from the account, as JSON and as a zip, in every language', async () => {
    const school = await w.aUnit('core');
    const person = await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD });
    const own = await new PageBrowser(t).signIn(person);
    const page = await own.get('/account/data');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/account/data/export.json"');
    expect(page.text).toContain('href="/account/data/export.zip"');
    expect((await own.get('/')).text).toContain('href="/account/data"');
    const json = await own.get('/account/data/export.json');
    expect(json.status).toBe(200);
    expect(json.headers['content-disposition']).toMatch(/^attachment;/);
    expect(JSON.parse(json.text)).toMatchObject({ userId: person.id, profile: { email: person.email } });
    const zip = await own.get('/account/data/export.zip');
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    for (const [language, title] of [
      ['fi', 'Omat tietosi'],
      ['sv', 'Dina uppgifter'],
    ]) {
      expect((await own.get('/account/data', language)).text).toContain(`<h1 class="govuk-heading-l">${title}</h1>`);
    }
    expect((await new PageBrowser(t).get('/account/data')).status).toBe(303);
  });

  it('lets an admin export a person and erase them behind a page that names the consequences and asks the reason', async () => {
    const school = await w.aUnit('core');
    const person = await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD });
    const user = await browser.get(`/admin/users/${person.id}`);
    expect(user.text).toContain(`href="/admin/users/${person.id}/export.json"`);
    expect(user.text).toContain(`href="/admin/users/${person.id}/erase"`);
    const exported = await browser.get(`/admin/users/${person.id}/export.json`);
    expect(JSON.parse(exported.text)).toMatchObject({ userId: person.id });

    const confirm = await browser.get(`/admin/users/${person.id}/erase`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('can never sign in again');
    expect(confirm.text).toContain('Former user');
    expect(confirm.text).toContain('This cannot be undone.');

    const missing = await browser.post(`/admin/users/${person.id}/erase`, { reason: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('href="#reason"');
    expect((await w.as(person).get('/api/v1/me')).status).toBe(200);

    const done = await browser.post(`/admin/users/${person.id}/erase`, { reason: 'Request 2026-14 by the person.' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/admin/users/${person.id}?erased=1`);
    const after = await browser.get(`/admin/users/${person.id}?erased=1`);
    expect(after.text).toContain('This person was erased.');
    expect(after.text).toContain('<h1 class="govuk-heading-l">Former user</h1>');
    expect(after.text).not.toContain(`href="/admin/users/${person.id}/erase"`);
    expect((await w.as(person).get('/api/v1/me')).status).toBe(401);
    // In the reader's language.
    expect((await browser.get(`/admin/users/${person.id}`, 'fi')).text).toContain('<h1 class="govuk-heading-l">Entinen käyttäjä</h1>');
    expect((await browser.get('/admin/users', 'sv')).text).toContain(`href="/admin/users/${person.id}">Tidigare användare</a>`);
  });

  it('shows an erased requester on their orders as "Former user" in the reader\'s language', async () => {
    const s = await aScenario(w);
    const order = await aSubmittedOrder(w, s);
    await w.as(admin).post(`/api/v1/users/${s.requester.id}/erase`, { reason: 'Asked for it.' }).expect(200);
    const page = await browser.get(`/orders/${order.id}`, 'fi');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Entinen käyttäjä');
    expect(page.text).not.toContain('Former user');
  });

  it('names on the confirmation page why a person cannot be erased yet', async () => {
    const unit = await w.aUnit('support');
    const boss = await w.aManager(unit);
    const res = await browser.post(`/admin/users/${boss.id}/erase`, { reason: 'Left.' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('This person cannot be erased yet');
    expect(res.text).toContain(`the only manager of ${unit.name}`);
  });

  it("edits a service's own retention years in the catalog editor; empty follows RETENTION_YEARS", async () => {
    const support = await w.aUnit('support');
    const service = await w.aService(support);
    const form = await browser.get(`/catalog/services/${service.id}/edit`);
    expect(form.text).toContain('name="retentionYears"');
    const values = (extra: Record<string, string>) => ({
      name: service.name,
      description: 'A service for tests',
      targetLeadTimeDays: '5',
      supportUnitId: support.id,
      active: 'yes',
      ...extra,
    });
    const read = async () => (await w.as(admin).get(`/api/v1/services/${service.id}`).expect(200)).body;
    expect(
      (await browser.post(`/catalog/services/${service.id}/edit`, values({ retentionYears: '7', version: String((await read()).version) })))
        .status,
    ).toBe(303);
    expect((await read()).retentionYears).toBe(7);
    const wrong = await browser.post(
      `/catalog/services/${service.id}/edit`,
      values({ retentionYears: '0', version: String((await read()).version) }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('href="#retentionYears"');
    expect(
      (await browser.post(`/catalog/services/${service.id}/edit`, values({ retentionYears: '', version: String((await read()).version) })))
        .status,
    ).toBe(303);
    expect((await read()).retentionYears).toBeNull();
  });

  it('keeps the pages from anyone but an admin', async () => {
    const school = await w.aUnit('core');
    const requester = await new PageBrowser(t).signIn(await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD }));
    for (const path of [`/admin/users/${admin.id}/erase`, `/admin/users/${admin.id}/export.json`, `/admin/users/${admin.id}/export.zip`]) {
      expect((await requester.get(path)).status).toBe(403);
    }
    expect((await requester.post(`/admin/users/${admin.id}/erase`, { reason: 'Nope.' })).status).toBe(403);
  });
});

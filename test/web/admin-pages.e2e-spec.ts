import { DataSource } from 'typeorm';
import { TestUser, World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

const STRONG = 'violet staircase orbit 42';

describe('organisation administration pages', () => {
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

  const userIdFrom = (location: string) => /\/admin\/users\/([0-9a-f-]{36})/.exec(location)![1];

  it('refuses the admin pages to a requester and a manager (403) and shows the menu only to admins', async () => {
    const school = await w.aUnit('core');
    const requester = await new PageBrowser(t).signIn(await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD }));
    const manager = await new PageBrowser(t).signIn(await w.aUser([[await w.aUnit('support'), 'manager']], { password: PAGE_PASSWORD }));
    for (const b of [requester, manager]) {
      for (const path of ['/admin/units', '/admin/users', '/admin/users/new', '/admin/audit', `/admin/users/${admin.id}`]) {
        expect((await b.get(path)).status).toBe(403);
      }
      expect((await b.get('/')).text).not.toContain('href="/admin/units"');
    }
    expect((await requester.post(`/admin/users/${admin.id}/active`, { active: 'no' })).status).toBe(403);
    expect((await browser.get('/')).text).toContain('href="/admin/units"');
  });

  it('creates units in the tree, with the API’s rules on the fields', async () => {
    const invalid = await browser.post('/admin/units', { name: '', kind: 'support', parentId: '', code: 'toolong' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('href="#name"');
    expect(invalid.text).toContain('href="#code"');
    const parent = await browser.post('/admin/units', { name: 'City Education', kind: 'core', parentId: '', code: '' });
    expect(parent.status).toBe(303);
    const page = await browser.get('/admin/units?created=1');
    const parentId = new RegExp(`<option value="([0-9a-f-]{36})">City Education</option>`).exec(page.text)![1];
    expect((await browser.post('/admin/units', { name: 'Northside School', kind: 'core', parentId, code: 'NSS' })).status).toBe(303);
    const tree = (await browser.get('/admin/units')).text;
    expect(tree).toMatch(/padding-left-0">City Education[\s\S]*padding-left-3">Northside School/);
  });

  it('creates a user with a membership, changes memberships, resets the password and deactivates: the user’s sessions end', async () => {
    const school = await w.aUnit('core');
    const support = await w.aUnit('support');
    await browser.get('/admin/users/new');
    const weak = await browser.post('/admin/users/new', {
      email: 'new.person@test.example',
      name: 'New Person',
      password: 'password',
      unitId: school.id,
      role: 'requester',
    });
    expect(weak.status).toBe(400);
    expect(weak.text).toMatch(/New password|Password \(optional\)/);
    expect(weak.text).toContain('href="#password"');

    const created = await browser.post('/admin/users/new', {
      email: 'new.person@test.example',
      name: 'New Person',
      password: PAGE_PASSWORD,
      unitId: school.id,
      role: 'requester',
    });
    expect(created.status).toBe(303);
    const id = userIdFrom(created.headers.location);
    const duplicate = await browser.post('/admin/users/new', {
      email: 'new.person@test.example',
      name: 'Again',
      password: '',
      unitId: '',
      role: 'requester',
    });
    expect(duplicate.text).toContain('“Email address” is already in use');

    const userPage = await browser.get(`/admin/users/${id}`);
    expect(userPage.text).toContain('New Person');
    expect(userPage.text).toMatch(/School[^<]*: Requester/);
    expect((await browser.post(`/admin/users/${id}/memberships`, { unitId: support.id, role: 'deliverer' })).status).toBe(303);
    expect((await browser.post(`/admin/users/${id}/memberships`, { unitId: school.id, role: 'requester', remove: 'yes' })).status).toBe(
      303,
    );
    const after = await browser.get(`/admin/users/${id}`);
    expect(after.text).toMatch(/Support[^<]*: Deliverer/);
    expect(after.text).not.toMatch(/School[^<]*: Requester/);
    expect((await browser.post(`/admin/users/${id}/memberships`, { unitId: '', role: 'deliverer' })).status).toBe(400);

    // The person signs in; a password reset ends that session, and the short one is refused with the rule's limit.
    const person = await new PageBrowser(t).signIn({ id, email: 'new.person@test.example' } as TestUser);
    expect((await person.get('/account/sessions')).status).toBe(200);
    const weakReset = await browser.post(`/admin/users/${id}/password`, { password: 'short' });
    expect(weakReset.status).toBe(400);
    expect(weakReset.text).toContain('“New password” must be 12 characters or more');
    expect((await browser.post(`/admin/users/${id}/password`, { password: STRONG })).status).toBe(303);
    expect((await person.get('/account/sessions')).status).toBe(303);

    // Deactivation ends the new session too, and sign-in is refused.
    const again = new PageBrowser(t);
    await again.get('/sign-in');
    expect((await again.post('/sign-in', { email: 'new.person@test.example', password: STRONG })).status).toBe(303);
    expect((await again.get('/account/sessions')).status).toBe(200);
    expect((await browser.post(`/admin/users/${id}/active`, { active: 'no' })).status).toBe(303);
    expect((await again.get('/account/sessions')).status).toBe(303);
    expect((await browser.get(`/admin/users/${id}`)).text).toContain('Reactivate the user');
    expect((await browser.get('/admin/users')).text).toContain('Deactivated');
  });

  it('links a single sign-on identity to an account (audited), refusing one already linked elsewhere; the API route too', async () => {
    const one = await w.aUser([]);
    const two = await w.aUser([]);
    expect((await browser.post(`/admin/users/${one.id}/sso`, { issuer: '', subject: '' })).status).toBe(400);
    expect((await browser.post(`/admin/users/${one.id}/sso`, { issuer: 'https://idp.test', subject: 'abc-1' })).status).toBe(303);
    const [row] = await t.app.get(DataSource).query('SELECT oidc_subject FROM users WHERE id = $1', [one.id]);
    expect(row.oidc_subject).toBe('https://idp.test|abc-1');
    const taken = await browser.post(`/admin/users/${two.id}/sso`, { issuer: 'https://idp.test', subject: 'abc-1' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('already in use');

    await w.as(admin).post(`/api/v1/users/${two.id}/sso-link`, { issuer: 'https://idp.test', subject: 'abc-2' }).expect(200);
    await w.as(one).post(`/api/v1/users/${two.id}/sso-link`, { issuer: 'https://idp.test', subject: 'abc-3' }).expect(403);
    const problem = await w
      .as(admin)
      .post(`/api/v1/users/${one.id}/sso-link`, { issuer: 'https://idp.test', subject: 'abc-2' })
      .expect(409);
    expect(problem.body.errors).toEqual([{ pointer: '/subject', code: 'taken', detail: 'already in use' }]);

    const log = await browser.get(`/admin/audit?action=user.sso_linked&actor=${encodeURIComponent(admin.email)}`);
    expect(log.status).toBe(200);
    expect(log.text).toContain(one.id);
    expect(log.text).toContain(two.id);
    expect(log.text).not.toContain('user.created');
  });

  it('filters the audit log by actor, entity, action and dates, a page at a time', async () => {
    await browser.get('/admin/units');
    for (let i = 0; i < 3; i++) await browser.post('/admin/units', { name: `Paged unit ${i}`, kind: 'core', parentId: '', code: '' });
    const today = new Date().toISOString().slice(0, 10);
    const all = await browser.get(`/admin/audit?entity=unit&from=${today}&to=${today}`);
    expect(all.text).toContain('unit.created');
    expect((await browser.get('/admin/audit?entity=unit&from=2000-01-01&to=2000-01-02')).text).toContain('No events match these filters.');
    expect((await browser.get('/admin/audit?actor=nobody%40test.example')).text).toContain('No events match these filters.');
    // Paging: more than a page (50) of unit events, so there is an older page, and its first row is not on the first.
    for (let i = 0; i < 50; i++) await w.aUnit('core');
    const first = await browser.get('/admin/audit?entity=unit');
    const next = /href="([^"]+)" rel="next"/.exec(first.text)![1].replace(/&amp;/g, '&');
    expect(next).toMatch(/^\/admin\/audit\?entity=unit&before=\d+$/);
    const older = await browser.get(next);
    expect(older.text).toContain('First page');
    expect(older.text.match(/<tr class="govuk-table__row">/g)!.length).toBeGreaterThan(1);
  });

  it('shows the admin pages in Finnish and Swedish', async () => {
    const id = (await w.aUser([])).id;
    for (const [language, words] of [
      ['fi', ['Yksiköt', 'Käyttäjät', 'Luo käyttäjä', 'Poista käyttäjä käytöstä', 'Tapahtumaloki']],
      ['sv', ['Enheter', 'Användare', 'Skapa en användare', 'Avaktivera användaren', 'Händelselogg']],
    ] as const) {
      expect((await browser.get('/admin/units', language)).text).toContain(words[0]);
      expect((await browser.get('/admin/users', language)).text).toContain(words[1]);
      expect((await browser.get('/admin/users/new', language)).text).toContain(words[2]);
      expect((await browser.get(`/admin/users/${id}`, language)).text).toContain(words[3]);
      expect((await browser.get('/admin/audit', language)).text).toContain(words[4]);
    }
  });
});

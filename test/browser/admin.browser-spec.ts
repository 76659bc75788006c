import type { TestUser } from '../factories/world';
import { BrowserTest, Visitor } from './support/browser-test';

const PASSWORD = 'correct horse battery';

describe('the admin in a browser', () => {
  let b: BrowserTest;
  let admin: TestUser;
  beforeAll(async () => {
    b = await BrowserTest.start();
    admin = await b.w.aUser([], { isAdmin: true, password: PASSWORD });
  });
  afterAll(() => b.close());

  let v: Visitor;
  let person: Visitor;
  afterEach(() => v.close());

  it('creates a unit and a user, gives a membership, deactivates the user, and the user’s session ends', async () => {
    v = await b.visitor();
    await v.signIn(admin.email, PASSWORD);
    await v.click(v.page.getByRole('link', { name: 'Units', exact: true }));
    await v.click(v.page.getByRole('button', { name: 'Create a unit' }));
    await v.expectFocusOnErrorSummary();
    await v.page.getByLabel('Name').fill('Harbour School');
    await v.page.getByLabel('Core unit').check();
    await v.click(v.page.getByRole('button', { name: 'Create a unit' }));
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('The unit was created.');
    await v.screenshot('admin-units');

    await v.click(v.page.getByRole('link', { name: 'Users' }));
    await v.click(v.page.getByRole('button', { name: 'Create a user' }));
    await v.page.getByLabel('Email address').fill('harbour.teacher@test.example');
    await v.page.getByLabel('Name').fill('Harbour Teacher');
    await v.page.getByLabel('Password (optional)').fill('short');
    await v.click(v.page.getByRole('button', { name: 'Create the user' }));
    await v.expectFocusOnErrorSummary();
    await v.page.getByLabel('Password (optional)').fill(PASSWORD);
    await v.click(v.page.getByRole('button', { name: 'Create the user' }));
    expect(await v.page.locator('h1').innerText()).toBe('Harbour Teacher');

    await v.page.getByLabel('Unit').selectOption({ label: 'Harbour School' });
    await v.page.getByLabel('Role').selectOption('requester');
    await v.click(v.page.getByRole('button', { name: 'Add the membership' }));
    expect(await v.page.locator('main').innerText()).toContain('Harbour School: Requester');
    await v.screenshot('admin-user');

    // The new user signs in and orders; the admin deactivates them; their next page asks them to sign in.
    person = await b.visitor();
    await person.signIn('harbour.teacher@test.example', PASSWORD);
    await person.goto('/account/sessions');
    expect(new URL(person.page.url()).pathname).toBe('/account/sessions');
    await v.click(v.page.getByRole('button', { name: 'Deactivate the user' }));
    expect(await v.page.locator('main').innerText()).toContain('Reactivate the user');
    await person.goto('/account/sessions');
    expect(new URL(person.page.url()).pathname).toBe('/sign-in');
    await person.close();

    await v.click(v.page.getByRole('link', { name: 'Audit log' }));
    await v.page.getByLabel('Action').fill('user.updated');
    await v.click(v.page.getByRole('button', { name: 'Filter' }));
    expect(await v.page.locator('table').innerText()).toContain('user.updated');
    await v.screenshot('admin-audit');
  });

  it('shows the admin pages in Finnish and Swedish', async () => {
    const user = await b.w.aUser([]);
    for (const language of ['fi', 'sv'] as const) {
      v = await b.visitor({ language });
      await v.signIn(admin.email, PASSWORD);
      for (const path of ['/admin/units', '/admin/users', '/admin/users/new', `/admin/users/${user.id}`, '/admin/audit'])
        await v.goto(path);
      expect(await v.lang()).toBe(language);
      await v.close();
    }
    v = await b.visitor();
  });
});

import { readFileSync } from 'node:fs';
import { BrowserTest, Visitor } from './support/browser-test';

/** "Your data" in the account, and an admin's erasure behind its confirmation, in a real browser. */
describe('privacy in a browser: download my data, erase a person', () => {
  let b: BrowserTest;
  const password = 'correct horse battery';
  beforeAll(async () => {
    b = await BrowserTest.start();
  });
  afterAll(() => b.close());

  let v: Visitor;
  afterEach(() => v.close());

  it('a person finds "Your data" in the footer and downloads their data', async () => {
    const school = await b.w.aUnit('core');
    const person = await b.w.aUser([[school, 'requester']], { password });
    v = await b.visitor();
    await v.signIn(person.email, password);
    await v.click(v.page.getByRole('link', { name: 'Your data', exact: true }));
    expect(new URL(v.page.url()).pathname).toBe('/account/data');
    expect(await v.page.locator('h1').innerText()).toBe('Your data');
    await v.audit('your data');
    await v.screenshot('your-data');

    const [json] = await Promise.all([
      v.page.waitForEvent('download'),
      v.page.getByRole('link', { name: 'Download your data (JSON)' }).click(),
    ]);
    expect(json.suggestedFilename()).toBe('personal-data.json');
    const data = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(data).toMatchObject({ userId: person.id, profile: { email: person.email } });

    const [zip] = await Promise.all([
      v.page.waitForEvent('download'),
      v.page.getByRole('link', { name: 'Download your data with your files (zip)' }).click(),
    ]);
    expect(zip.suggestedFilename()).toBe('personal-data.zip');
    expect(
      readFileSync((await zip.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    v.done();
  });

  it('an admin erases a person: the confirmation names the consequences and needs a reason', async () => {
    const school = await b.w.aUnit('core');
    const person = await b.w.aUser([[school, 'requester']], { password });
    await b.w
      .as(await b.w.anAdmin())
      .patch(`/api/v1/users/${person.id}`, { name: 'Pia Person' })
      .expect(200);
    const admin = await b.w.aUser([], { isAdmin: true, password });
    v = await b.visitor();
    await v.signIn(admin.email, password);
    await v.goto(`/admin/users/${person.id}`);
    await v.click(v.page.getByRole('button', { name: 'Erase this person' }));
    expect(new URL(v.page.url()).pathname).toBe(`/admin/users/${person.id}/erase`);
    expect(await v.page.locator('h1').innerText()).toBe('Erase Pia Person?');
    expect(await v.page.locator('main').innerText()).toContain('This cannot be undone.');
    await v.audit('erase confirmation');

    // Without a reason: the error summary takes the focus and leads to the field.
    await v.follow(() => v.page.getByRole('button', { name: 'Erase this person' }).click());
    await v.expectFocusOnErrorSummary();
    await v.audit('erase without reason');
    await v.screenshot('erase-confirmation-error');

    await v.page.getByLabel('Reason for the erasure').fill('Request 2026-31 from the person.');
    await v.follow(() => v.page.getByRole('button', { name: 'Erase this person' }).click());
    expect(new URL(v.page.url()).pathname).toBe(`/admin/users/${person.id}`);
    expect(await v.page.locator('h1').innerText()).toBe('Former user');
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('This person was erased.');
    await b.w.as(person).get('/api/v1/me').expect(401);
    v.done();
  });
});

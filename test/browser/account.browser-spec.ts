import { BrowserTest, Visitor } from './support/browser-test';

describe('signing in, languages and sessions in a browser', () => {
  let b: BrowserTest;
  const password = 'correct horse battery';
  beforeAll(async () => {
    b = await BrowserTest.start();
  });
  afterAll(() => b.close());

  let v: Visitor;
  afterEach(() => v.close());

  it('signs in after an error, with focus on the error summary, and comes back to the page asked for', async () => {
    const school = await b.w.aUnit('core');
    const user = await b.w.aUser([[school, 'requester']], { password });
    v = await b.visitor();
    await v.goto('/account/sessions');
    expect(new URL(v.page.url()).pathname).toBe('/sign-in');
    await v.screenshot('sign-in');

    await v.follow(() => v.page.getByRole('button', { name: 'Sign in', exact: true }).click());
    await v.expectFocusOnErrorSummary();
    await v.audit('errors shown');
    expect(await v.page.title()).toMatch(/^Error: Sign in/);
    await v.page.keyboard.press('Tab');
    await v.expectVisibleFocus();
    expect((await v.focused())?.text).toBe('Enter your email address');

    await v.page.getByLabel('Email address').fill(user.email);
    await v.page.locator('#password').fill('wrong password');
    await v.follow(() => v.page.keyboard.press('Enter'));
    await v.expectFocusOnErrorSummary();
    expect(await v.page.locator('.govuk-error-summary').innerText()).toContain('The email address or password is wrong');

    await v.page.locator('#password').fill(password);
    await v.follow(() => v.page.keyboard.press('Enter'));
    expect(new URL(v.page.url()).pathname).toBe('/account/sessions');
    await v.screenshot('sessions');
  });

  it('can be used with the keyboard alone: no traps, visible focus on every stop', async () => {
    v = await b.visitor();
    await v.goto('/sign-in');
    const stops = await v.tabThroughPage();
    // Skip link first, then the header, then the form in reading order.
    expect(stops[0]).toContain('govuk-skip-link');
    const fields = stops.map((s) => /#(email|password)\b/.exec(s)?.[1]).filter(Boolean);
    expect(fields).toEqual(['email', 'password']);
  });

  it('follows the browser language, and a language picked is remembered for the user on another device', async () => {
    const school = await b.w.aUnit('core');
    const user = await b.w.aUser([[school, 'requester']], { password });
    v = await b.visitor({ language: 'fi' });
    await v.goto('/');
    expect(await v.lang()).toBe('fi');
    await v.goto('/sign-in');
    expect(await v.page.locator('h1').innerText()).toBe('Kirjaudu sisään');
    await v.signIn(user.email, password);
    await v.switchLanguage('sv');
    expect(await v.lang()).toBe('sv');
    await v.goto('/account/sessions');
    expect(await v.page.locator('h1').innerText()).toBe('Dina sessioner');
    await v.goto('/no-such-page');
    expect(await v.page.locator('h1').innerText()).toBe('Sidan hittades inte');

    // Another browser, Finnish by its settings: the user's Swedish wins once signed in.
    const other = await b.visitor({ language: 'fi' });
    await other.signIn(user.email, password);
    expect(await other.lang()).toBe('sv');
    await other.switchLanguage('fi');
    await other.goto('/account/sessions');
    expect(await other.page.locator('h1').innerText()).toBe('Istuntosi');
    await other.goto('/no-such-page');

    // Signed out, in Swedish by the browser's settings.
    const swedish = await b.visitor({ language: 'sv' });
    await swedish.goto('/');
    expect(await swedish.lang()).toBe('sv');
    await swedish.goto('/sign-in');
    expect(await swedish.page.locator('h1').innerText()).toBe('Logga in');
    await swedish.close();

    // The first browser signs the other out.
    await v.goto('/account/sessions');
    await v.follow(() => v.page.getByRole('button', { name: 'Kirjaudu ulos kaikkialta muualta' }).click());
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('Sinut on kirjattu ulos kaikkialta muualta');
    await other.goto('/account/sessions');
    expect(new URL(other.page.url()).pathname).toBe('/sign-in');
    await other.close();

    await v.follow(() => v.page.getByRole('button', { name: 'Kirjaudu ulos', exact: true }).click());
    expect(new URL(v.page.url()).pathname).toBe('/sign-in');
  });
});

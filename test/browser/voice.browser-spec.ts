import type { Language } from '../../src/common/language';
import { EventDispatch } from '../../src/notifications/event-dispatch';
import { BrowserTest, Visitor } from './support/browser-test';

/**
 * The customers' voice on the pages: a teacher raises an idea for Communications, a colleague
 * supports it, the communications manager answers it, and both read the answer (and were told
 * of it); a panel member answers a survey with the keyboard alone. Every page is checked with
 * axe, the ideas' and the survey's pages in all three languages.
 */
describe('ideas and surveys in a browser', () => {
  let b: BrowserTest;
  const password = 'correct horse battery';
  const visitors: Visitor[] = [];
  beforeAll(async () => {
    b = await BrowserTest.start();
  });
  afterAll(() => b.close());
  afterEach(async () => {
    for (const v of visitors.splice(0)) await v.close();
  });

  async function visitor(language: Language = 'en'): Promise<Visitor> {
    const v = await b.visitor({ language });
    visitors.push(v);
    return v;
  }

  /** What the notify job does after the commit, run here directly for every stored event. */
  async function notifyAll(): Promise<void> {
    const events: { id: string }[] = await b.t.db.query('SELECT id FROM outbox_events ORDER BY occurred_at, id');
    for (const e of events) await b.t.app.get(EventDispatch).dispatchStored(e.id);
  }

  it('a teacher raises an idea, a colleague supports it, the manager answers it, and both see the answer', async () => {
    const school = await b.w.aUnit('core', { name: 'Harbour School' });
    const comms = await b.w.aUnit('support', { name: 'Communications' });
    const teacher = await b.w.aUser([[school, 'requester']], { password });
    const colleague = await b.w.aUser([[school, 'requester']], { password });
    const manager = await b.w.aUser([[comms, 'manager']], { password });

    const t1 = await visitor();
    await t1.signIn(teacher.email, password);
    await t1.click(t1.page.getByRole('link', { name: 'Ideas for the support units' }));
    await t1.click(t1.page.getByRole('button', { name: 'Raise an idea' }));
    await t1.page.getByLabel('Support unit').selectOption({ label: 'Communications' });
    await t1.page.getByLabel('Your idea in a few words').fill('Newsletter templates');
    await t1.follow(() => t1.page.getByRole('button', { name: 'Send the idea' }).click());
    await t1.expectFocusOnErrorSummary();
    await t1.audit('errors shown');
    await t1.page.getByLabel('What should change, and why').fill('Ready-made templates would let schools order newsletters in minutes.');
    await t1.click(t1.page.getByRole('button', { name: 'Send the idea' }));
    expect(await t1.page.locator('.govuk-notification-banner').innerText()).toContain('Your idea was sent to the support unit.');
    const ideaPath = new URL(t1.page.url()).pathname;

    const c = await visitor();
    await c.signIn(colleague.email, password);
    await c.goto('/ideas');
    await c.click(c.page.getByRole('link', { name: 'Newsletter templates' }));
    await c.click(c.page.getByRole('button', { name: 'Support this idea' }));
    expect(await c.page.locator('main').innerText()).toContain('Supporters: 1');

    const m = await visitor();
    await m.signIn(manager.email, password);
    await notifyAll();
    await m.goto('/notifications');
    await m.click(m.page.getByRole('link', { name: /Newsletter templates/ }));
    expect(new URL(m.page.url()).pathname).toBe(ideaPath);
    await m.click(m.page.getByRole('button', { name: 'Send the answer' }));
    await m.expectFocusOnErrorSummary();
    await m.audit('answer errors shown');
    await m.page.getByLabel('Planned').check();
    await m.page.getByLabel('Reason').fill('We publish templates in the spring term.');
    await m.click(m.page.getByRole('button', { name: 'Send the answer' }));
    await m.screenshot('idea-answered');

    await notifyAll();
    for (const v of [t1, c]) {
      await v.goto('/notifications');
      await v.click(v.page.getByRole('link', { name: /Newsletter templates/ }));
      const answer = await v.page.locator('#answer').innerText();
      expect(answer).toContain('Planned');
      expect(answer).toContain('We publish templates in the spring term.');
    }

    for (const language of ['fi', 'sv'] as const) {
      const v = await visitor(language);
      await v.signIn(teacher.email, password);
      for (const path of ['/ideas', '/ideas/new', ideaPath]) {
        await v.goto(path);
        expect(await v.lang()).toBe(language);
        await v.audit(language);
      }
      const v2 = await visitor(language);
      await v2.signIn(manager.email, password);
      await v2.goto(ideaPath);
      await v2.audit(`${language} manager`);
    }
  });

  it('a panel member answers a survey with the keyboard only; results wait for 5 answers', async () => {
    const comms = await b.w.aUnit('support', { name: 'Communications office' });
    const school = await b.w.aUnit('core', { name: 'Hill School' });
    const manager = await b.w.aUser([[comms, 'manager']], { password });
    const member = await b.w.aUser([[school, 'requester']], { password });
    const others = await Promise.all([1, 2, 3, 4].map(() => b.w.aUser([[school, 'requester']], { password })));
    const panel = await b.w
      .as(manager)
      .post('/api/v1/panels', { supportUnitId: comms.id, name: 'Schools', memberIds: [member.id, ...others.map((o) => o.id)] })
      .expect(201);
    const survey = await b.w
      .as(manager)
      .post(`/api/v1/panels/${panel.body.id}/surveys`, {
        title: 'Spring term',
        closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        questions: [
          {
            key: 'channel',
            type: 'choice',
            label: 'Where do you read our news?',
            required: true,
            options: [
              { value: 'intranet', label: 'Intranet' },
              { value: 'mail', label: 'Mail' },
            ],
          },
          { key: 'wish', type: 'text', label: 'One wish for next term' },
        ],
      })
      .expect(201);

    const v = await visitor();
    await v.signIn(member.email, password);
    const link = v.page.getByRole('link', { name: 'A survey waits for you: Spring term' });
    await link.focus();
    await v.follow(() => v.page.keyboard.press('Enter'));
    expect(new URL(v.page.url()).pathname).toBe(`/surveys/${survey.body.id}`);
    await v.tabThroughPage();
    // Into the form with the keyboard: the first radio, then an arrow to choose "Mail", then the text, then send.
    await v.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 60 && (await v.focused())?.id !== 'answers-channel'; i++) await v.page.keyboard.press('Tab');
    expect((await v.focused())?.id).toBe('answers-channel');
    await v.page.keyboard.press('ArrowDown');
    expect(await v.page.getByLabel('Mail').isChecked()).toBe(true);
    await v.page.keyboard.press('Tab');
    await v.expectVisibleFocus();
    await v.page.keyboard.type('Shorter mails');
    await v.page.keyboard.press('Tab');
    expect((await v.focused())?.text).toBe('Send my answers');
    await v.follow(() => v.page.keyboard.press('Enter'));
    expect(await v.page.locator('.govuk-notification-banner').innerText()).toContain('Thank you: your answers were received.');
    expect(await v.page.locator('#survey-answered').innerText()).toContain('You have answered this survey.');

    for (const language of ['fi', 'sv'] as const) {
      const other = await visitor(language);
      await other.signIn(others[0].email, password);
      await other.goto(`/surveys/${survey.body.id}`);
      await other.audit(language);
    }

    const m = await visitor();
    await m.signIn(manager.email, password);
    await m.goto(`/panels/${panel.body.id}`);
    expect(await m.page.locator('#surveys').innerText()).toContain('1 of 5 answered');
    await m.click(m.page.getByRole('link', { name: /^Results\W+Spring term$/ }));
    expect(await m.page.locator('#results-withheld').innerText()).toContain('1 have answered so far');
    for (const path of ['/panels', '/panels/new']) await m.goto(path);

    // The four others answer: from 5 answers the results show, with the texts and no name.
    await b.w
      .as(others[0])
      .post(`/api/v1/surveys/${survey.body.id}/responses`, { answers: { channel: 'intranet', wish: 'More photos' } })
      .expect(201);
    for (const o of others.slice(1)) {
      await b.w
        .as(o)
        .post(`/api/v1/surveys/${survey.body.id}/responses`, { answers: { channel: 'mail' } })
        .expect(201);
    }
    await m.goto(`/surveys/${survey.body.id}/results`);
    const results = await m.page.locator('main').innerText();
    expect(results).toContain('5 of 5 members answered.');
    expect(results).toContain('More photos');
    expect(results).toContain('Shorter mails');
    await m.screenshot('survey-results');

    for (const language of ['fi', 'sv'] as const) {
      const other = await visitor(language);
      await other.signIn(manager.email, password);
      for (const path of ['/panels', '/panels/new', `/panels/${panel.body.id}`, `/surveys/${survey.body.id}/results`]) {
        await other.goto(path);
        await other.audit(language);
      }
    }
  });
});

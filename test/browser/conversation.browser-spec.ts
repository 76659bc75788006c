import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestUser } from '../factories/world';
import { PDF, PNG } from '../files/attachment-suite';
import { BrowserTest, Visitor } from './support/browser-test';

const PASSWORD = 'correct horse battery';
const PURPOSE = 'Parents of new pupils know when the open day is, so more of them come.';
const NOTE = 'Internal: the Ukrainian version needs the city translator, ask Mikko.';

/**
 * The conversation after acceptance, in the browser: the officer and the teacher exchange
 * comments with a file ("Could you also make a Ukrainian version?" is answered), the officer
 * writes an internal note that the teacher's page never shows, and each page they reach is
 * checked with axe.
 */
describe('the conversation on an order in the browser', () => {
  let b: BrowserTest;
  let teacher: TestUser;
  let officer: TestUser;
  let serviceId: string;
  let schoolId: string;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    b = await BrowserTest.start({ DATA_DIR: mkdtempSync(join(tmpdir(), 'conversation-browser-')) });
    const school = await b.w.aUnit('core', { name: 'Riverside School' });
    const support = await b.w.aUnit('support', { name: 'Communications' });
    schoolId = school.id;
    teacher = await b.w.aUser([[school, 'requester']], { password: PASSWORD });
    officer = await b.w.aUser([[support, 'deliverer']], { password: PASSWORD });
    serviceId = (await b.w.aService(support, [], { name: 'Flyer' })).id;
  });
  afterAll(async () => {
    for (const v of visitors) await v.close();
    await b.close();
  });

  async function person(user: TestUser, javaScript = true): Promise<Visitor> {
    const v = await b.visitor({ javaScript });
    visitors.push(v);
    await v.signIn(user.email, PASSWORD);
    return v;
  }

  const banner = (v: Visitor) => v.page.locator('.govuk-notification-banner').innerText();
  const thread = (v: Visitor) => v.page.locator('#conversation').innerText();

  it('lets both sides comment after acceptance, with a file, and keeps the internal note from the teacher', async () => {
    const anna = await person(teacher);
    const carla = await person(officer);
    const api = { teacher: b.w.as(teacher), officer: b.w.as(officer) };
    const draft = (
      await api.teacher
        .post('/api/v1/orders', { serviceId, requesterUnitId: schoolId, title: 'Open day flyer', purpose: PURPOSE, answers: {} })
        .expect(201)
    ).body;
    let order = (await api.teacher.post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version }).expect(200)).body;
    order = (await api.officer.post(`/api/v1/orders/${draft.id}/accept`, { version: order.version }).expect(200)).body;
    expect(order.status).toBe('confirmed');

    // The teacher asks for more after acceptance: the reply box is there.
    await anna.goto(`/orders/${draft.id}`);
    expect(await anna.page.locator('input[name=kind][value=internal]').count()).toBe(0);
    await anna.page.locator('#comment-body').fill('Could you also make a Ukrainian version?');
    await anna.follow(() => anna.page.locator('#comment-submit').click());
    expect(await banner(anna)).toContain('Your message has been added to the conversation.');

    // The officer notes internally who translates, then answers the teacher with a draft attached.
    await carla.goto(`/orders/${draft.id}`);
    expect(await thread(carla)).toContain('Could you also make a Ukrainian version?');
    expect(await thread(carla)).toContain('on the web');
    await carla.page.locator('#comment-body').fill(NOTE);
    await carla.page.getByRole('radio', { name: 'Internal note: only the support unit' }).check();
    await carla.follow(() => carla.page.locator('#comment-submit').click());
    expect(await banner(carla)).toContain('Only the support unit sees it.');
    const note = carla.page.locator('#conversation .app-internal-note');
    expect(await note.count()).toBe(1);
    expect(await note.innerText()).toContain('Internal: only the support unit sees this');
    expect(await note.innerText()).toContain(NOTE);

    await carla.page.locator('#file').setInputFiles({ name: 'flyer-ukrainian-draft.pdf', mimeType: 'application/pdf', buffer: PDF });
    await carla.follow(() => carla.page.locator('form[data-file-upload] button').click());
    await carla.page.locator('#comment-body').fill('Yes: here is a first draft of the Ukrainian version.');
    await carla.page
      .locator('#conversation-form')
      .getByRole('checkbox', { name: /flyer-ukrainian-draft\.pdf/ })
      .check();
    await carla.page.getByRole('radio', { name: 'Everyone on the order (a comment)' }).check();
    await carla.follow(() => carla.page.locator('#comment-submit').click());
    expect(await banner(carla)).toContain('Your message has been added to the conversation.');

    // The teacher reads the answer and its file, never the note, and answers with a file of her own.
    await anna.goto(`/orders/${draft.id}`);
    const seen = await thread(anna);
    expect(seen).toContain('Yes: here is a first draft of the Ukrainian version.');
    expect(seen).toContain('flyer-ukrainian-draft.pdf');
    expect(await anna.page.locator('main').innerText()).not.toContain('Mikko');
    expect(await anna.page.locator('.app-internal-note').count()).toBe(0);
    expect(await anna.page.content()).not.toContain('Mikko');
    await anna.page.locator('#file').setInputFiles({ name: 'school-logo.png', mimeType: 'image/png', buffer: PNG });
    await anna.follow(() => anna.page.locator('form[data-file-upload] button').click());
    await anna.page.locator('#comment-body').fill('Thank you! Please use this logo in both versions.');
    await anna.page
      .locator('#conversation-form')
      .getByRole('checkbox', { name: /school-logo\.png/ })
      .check();
    await anna.follow(() => anna.page.locator('#comment-submit').click());
    expect(await thread(anna)).toContain('Thank you! Please use this logo in both versions.');

    // The officer sees it with its file; the order has not moved.
    await carla.goto(`/orders/${draft.id}`);
    const officerThread = carla.page.locator('#conversation li', { hasText: 'Please use this logo' });
    expect(await officerThread.locator('.app-file-links').innerText()).toContain('school-logo.png');
    expect((await api.officer.get(`/api/v1/orders/${draft.id}`).expect(200)).body.status).toBe('confirmed');

    // An empty comment: the error summary names the field.
    await carla.page.locator('#comment-body').fill('');
    await carla.follow(() => carla.page.locator('#comment-submit').click());
    await carla.expectFocusOnErrorSummary();
    expect(await carla.page.locator('.govuk-error-summary').innerText()).toContain('Your message');
    anna.done();
    carla.done();
  });

  it('sends a comment after acceptance without JavaScript, in Finnish', async () => {
    const v = await b.visitor({ javaScript: false, language: 'fi' });
    visitors.push(v);
    await v.signIn(teacher.email, PASSWORD);
    const draft = (
      await b.w
        .as(teacher)
        .post('/api/v1/orders', { serviceId, requesterUnitId: schoolId, title: 'Kevätjuhla', purpose: PURPOSE, answers: {} })
        .expect(201)
    ).body;
    const submitted = (await b.w.as(teacher).post(`/api/v1/orders/${draft.id}/submit`, { version: draft.version }).expect(200)).body;
    await b.w.as(officer).post(`/api/v1/orders/${draft.id}/accept`, { version: submitted.version }).expect(200);
    await v.goto(`/orders/${draft.id}`);
    expect(await v.page.locator('#conversation h2').innerText()).toBe('Keskustelu');
    await v.page.locator('#comment-body').fill('Voisiko julisteen tehdä myös ruotsiksi?');
    await v.follow(() => v.page.locator('#comment-submit').click());
    expect(await banner(v)).toContain('Viestisi on lisätty keskusteluun.');
    expect(await thread(v)).toContain('Voisiko julisteen tehdä myös ruotsiksi?');
    v.done();
  });
});

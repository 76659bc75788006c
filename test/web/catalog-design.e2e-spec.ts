import { CatalogService } from '../../src/catalog/catalog.service';
import { aDeliveredOrder } from '../factories/orders';
import { TestUnit, TestUser, World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

const NEW_SERVICE = {
  name: 'Poster printing',
  description: 'Posters for events',
  targetLeadTimeDays: '5',
  active: 'yes',
};

describe('catalog and questionnaire design pages', () => {
  let t: TestApp;
  let w: World;
  let support: TestUnit;
  let otherSupport: TestUnit;
  let school: TestUnit;
  let manager: TestUser;
  let browser: PageBrowser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    support = await w.aUnit('support');
    otherSupport = await w.aUnit('support');
    school = await w.aUnit('core');
    manager = await w.aUser([[support, 'manager']], { password: PAGE_PASSWORD });
    browser = await new PageBrowser(t).signIn(manager);
  });
  afterAll(() => t.close());

  async function aNewService(name = NEW_SERVICE.name): Promise<string> {
    await browser.get('/catalog/services/new');
    const created = await browser.post('/catalog/services/new', { ...NEW_SERVICE, name, supportUnitId: support.id });
    expect(created.status).toBe(303);
    return /\/catalog\/services\/([0-9a-f-]{36})\/questionnaire/.exec(created.headers.location)![1];
  }

  it('creates a service with the API’s field rules, lists it, edits and deactivates it', async () => {
    const list = await browser.get('/catalog/services');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Services and questions');

    await browser.get('/catalog/services/new');
    const invalid = await browser.post('/catalog/services/new', {
      ...NEW_SERVICE,
      name: '',
      targetLeadTimeDays: 'soon',
      supportUnitId: support.id,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('govuk-error-summary');
    expect(invalid.text).toContain('href="#name"');
    expect(invalid.text).toContain('href="#targetLeadTimeDays"');

    const id = await aNewService('Banner printing');
    expect((await browser.get('/catalog/services')).text).toContain('Banner printing');

    const edit = await browser.get(`/catalog/services/${id}/edit`);
    expect(edit.status).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1];
    const saved = await browser.post(`/catalog/services/${id}/edit`, {
      ...NEW_SERVICE,
      name: 'Banner printing, large',
      version,
      supportUnitId: support.id,
      active: 'no',
    });
    expect(saved.status).toBe(303);
    const service = await t.app.get(CatalogService).view(id);
    expect(service).toMatchObject({ name: 'Banner printing, large', active: false });
    expect((await browser.get('/catalog/services')).text).toContain('Deactivated');
  });

  it('sets a service’s mail alias in the editor, lower-cased, refusing a malformed or taken one, and removes it', async () => {
    const id = await aNewService('Newsletters');
    const other = await aNewService('Leaflets');
    const versionOf = async (serviceId: string) =>
      /name="version" value="(\d+)"/.exec((await browser.get(`/catalog/services/${serviceId}/edit`)).text)![1];
    const save = async (serviceId: string, emailAlias: string) =>
      browser.post(`/catalog/services/${serviceId}/edit`, {
        ...NEW_SERVICE,
        name: serviceId === id ? 'Newsletters' : 'Leaflets',
        version: await versionOf(serviceId),
        supportUnitId: support.id,
        emailAlias,
      });
    expect((await save(id, ' Newsletters ')).status).toBe(303);
    expect((await t.app.get(CatalogService).view(id)).emailAlias).toBe('newsletters');
    expect((await browser.get(`/catalog/services/${id}/edit`)).text).toMatch(/name="emailAlias"[^>]*value="newsletters"/);
    const malformed = await save(other, 'not an alias');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('href="#emailAlias"');
    const taken = await save(other, 'newsletters');
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('href="#emailAlias"');
    expect((await save(id, '')).status).toBe(303);
    expect((await t.app.get(CatalogService).view(id)).emailAlias).toBeNull();
  });

  it('hands a service over only as the API allows: to a support unit the manager also manages', async () => {
    const id = await aNewService('Handed flyers');
    const edit = await browser.get(`/catalog/services/${id}/edit`);
    const version = /name="version" value="(\d+)"/.exec(edit.text)![1];
    // Not a manager of the other unit: refused on the unit field.
    const refused = await browser.post(`/catalog/services/${id}/edit`, { ...NEW_SERVICE, version, supportUnitId: otherSupport.id });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('The service cannot be handed over');

    const both = await w.aUser(
      [
        [support, 'manager'],
        [otherSupport, 'manager'],
      ],
      { password: PAGE_PASSWORD },
    );
    const b = await new PageBrowser(t).signIn(both);
    await b.get(`/catalog/services/${id}/edit`);
    const moved = await b.post(`/catalog/services/${id}/edit`, { ...NEW_SERVICE, version, supportUnitId: otherSupport.id });
    expect(moved.status).toBe(303);
    expect((await t.app.get(CatalogService).view(id)).supportUnitId).toBe(otherSupport.id);
  });

  it('edits a questionnaire: adds questions with a showIf, shows the validator’s errors, reorders, removes, previews and publishes with a summary', async () => {
    const id = await aNewService('Event posters');
    const base = `/catalog/services/${id}/questionnaire`;
    expect((await browser.get(base)).text).toContain('Nothing is published yet');

    await browser.get(`${base}/questions/new`);
    // The API's validator judges the question: a reserved key and a choice without options.
    const invalid = await browser.post(`${base}/questions/new`, { key: 'title', type: 'choice', label: 'Size', options: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('govuk-error-summary');
    expect(invalid.text).toContain('“Key”: “title” is reserved for the order itself');
    expect(invalid.text).toContain('Give at least one option');
    expect(invalid.text).toContain('href="#options"');
    expect(await t.app.get(CatalogService).latestDraft(id)).toBeNull();

    const sizeSaved = await browser.post(`${base}/questions/new`, {
      key: 'size',
      type: 'choice',
      label: 'Size',
      options: 'a3 | A3\na2 | A2',
      required: 'yes',
    });
    expect(sizeSaved.status).toBe(303);
    await browser.post(`${base}/questions/new`, { key: 'copies', type: 'number', label: 'How many copies', min: '1', max: '500' });
    await browser.post(`${base}/questions/new`, {
      key: 'lamination',
      type: 'yesno',
      label: 'Laminated?',
      help: 'Laminated posters last outdoors.',
      showIfKey: 'size',
      showIfValues: 'a2',
    });
    let draft = (await t.app.get(CatalogService).latestDraft(id))!;
    expect(draft.questions.map((q) => q.key)).toEqual(['size', 'copies', 'lamination']);
    expect(draft.questions[2].showIf).toEqual({ key: 'size', equals: 'a2' });

    // Moving the showIf question above the one it depends on is refused with the validator's words.
    const lifted = await browser.post(`${base}/questions/2/arrange`, { action: 'up' });
    expect(lifted.status).toBe(303); // lamination above copies is fine
    expect(lifted.headers.location).toBe(`${base}#question-1`);
    const broken = await browser.post(`${base}/questions/1/arrange`, { action: 'up' });
    expect(broken.status).toBe(400);
    expect(broken.text).toContain('A question can only depend on a question before it');
    draft = (await t.app.get(CatalogService).latestDraft(id))!;
    expect(draft.questions.map((q) => q.key)).toEqual(['size', 'lamination', 'copies']);

    // Edit a question; remove one.
    const editPage = await browser.get(`${base}/questions/2`);
    expect(editPage.text).toContain('value="How many copies"');
    expect(
      (await browser.post(`${base}/questions/2`, { key: 'copies', type: 'number', label: 'Copies', min: '1', max: 'many' })).text,
    ).toContain('“Maximum (optional)” must be a number');
    expect((await browser.post(`${base}/questions/2`, { key: 'copies', type: 'number', label: 'Copies', min: '1' })).status).toBe(303);
    expect((await browser.post(`${base}/questions/2/arrange`, { action: 'remove' })).status).toBe(303);

    const preview = await browser.get(`${base}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('data-show-if-key="size"');
    expect(preview.text).toContain('Laminated posters last outdoors.');
    expect(preview.text).toContain('Laminated?');

    const summary = await browser.get(`${base}/publish`);
    expect(summary.text).toMatch(/Added questions<\/h2>\s*<ul[^>]*>\s*<li>Size \(size\)<\/li><li>Laminated\? \(lamination\)/);
    const published = await browser.post(`${base}/publish`, { questionnaireId: draft.id });
    expect(published.status).toBe(303);
    expect((await browser.get(published.headers.location)).text).toContain('Published');

    // A requester's next order form has the new questions.
    const requester = await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD });
    const form = await (await new PageBrowser(t).signIn(requester)).get(`/catalog/${id}/order`);
    expect(form.text).toContain('Laminated?');
    expect(form.text).toContain('data-show-if-key="size"');

    // The next change starts a new draft, and its summary says what changed since the published one.
    await browser.post(`${base}/questions/0`, { key: 'size', type: 'choice', label: 'Poster size', options: 'a3 | A3\na2 | A2' });
    const next = await browser.get(`${base}/publish`);
    expect(next.text).toMatch(/Changed questions<\/h2>\s*<ul[^>]*>\s*<li>Poster size \(size\)/);
  });

  it('refuses the design pages to a requester (403) and another unit’s service to its manager (403)', async () => {
    const requester = await new PageBrowser(t).signIn(await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD }));
    expect((await requester.get('/catalog/services')).status).toBe(403);
    const theirs = await w.aService(otherSupport, [{ key: 'a', type: 'text', label: 'A' }]);
    expect((await requester.get(`/catalog/services/${theirs.id}/questionnaire`)).status).toBe(403);
    expect((await browser.get(`/catalog/services/${theirs.id}/questionnaire`)).status).toBe(403);
    expect((await browser.get(`/catalog/services/${theirs.id}/edit`)).status).toBe(403);
    expect(
      (await browser.post(`/catalog/services/${theirs.id}/questionnaire/questions/new`, { key: 'b', type: 'text', label: 'B' })).status,
    ).toBe(403);
    expect((await browser.get('/catalog/services')).text).not.toContain(theirs.name);
  });

  it('turns a questionnaire recommendation into a question: the editor shows it and prefills the label and help; an unknown one is ignored', async () => {
    const service = await w.aService(support);
    const requester = await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD });
    const scenario = { requester, deliverer: await w.aDeliverer(support), school, support, serviceId: service.id };
    const order = await aDeliveredOrder(w, scenario, { title: 'Prize-giving poster' });
    const issued = await w
      .as(scenario.deliverer)
      .post(`/api/v1/orders/${order.id}/retrospective`, {
        outcome: 'The poster named the wrong hall.',
        purposeAssessment: 'Guests went to the old hall.',
        recommendations: [
          { text: 'Which hall is the event in?', rationale: 'We guessed the hall', category: 'questionnaire', targetServiceId: service.id },
        ],
      })
      .expect(201);
    const recommendationId: string = issued.body.recommendations[0].id;

    const editor = await browser.get(`/catalog/services/${service.id}/questionnaire?fromRecommendation=${recommendationId}`);
    expect(editor.status).toBe(200);
    expect(editor.text).toMatch(
      /class="govuk-inset-text" id="from-recommendation"[\s\S]*Which hall is the event in\?[\s\S]*Why: We guessed the hall/,
    );
    expect(editor.text).toContain(
      `href="/catalog/services/${service.id}/questionnaire/questions/new?fromRecommendation=${recommendationId}"`,
    );

    const form = await browser.get(`/catalog/services/${service.id}/questionnaire/questions/new?fromRecommendation=${recommendationId}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('id="from-recommendation"');
    expect(form.text).toMatch(/<input[^>]*id="label" name="label" type="text" value="Which hall is the event in\?"/);
    expect(form.text).toMatch(/<textarea[^>]*id="help"[^>]*>We guessed the hall<\/textarea>/);

    // An unknown or malformed id: the editor as usual, without the inset.
    for (const href of [
      `/catalog/services/${service.id}/questionnaire?fromRecommendation=00000000-0000-4000-8000-000000000000`,
      `/catalog/services/${service.id}/questionnaire/questions/new?fromRecommendation=not-an-id`,
    ]) {
      const page = await browser.get(href);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('from-recommendation');
    }
    // Another unit's recommendation, on that unit's manager's own service: not theirs to see, not shown.
    const otherManager = await w.aUser([[otherSupport, 'manager']], { password: PAGE_PASSWORD });
    const theirService = await w.aService(otherSupport);
    const other = await new PageBrowser(t).signIn(otherManager);
    const hidden = await other.get(
      `/catalog/services/${theirService.id}/questionnaire/questions/new?fromRecommendation=${recommendationId}`,
    );
    expect(hidden.status).toBe(200);
    expect(hidden.text).not.toContain('from-recommendation');
    expect(hidden.text).not.toContain('Which hall');
    const blank = await browser.get(
      `/catalog/services/${service.id}/questionnaire/questions/new?fromRecommendation=00000000-0000-4000-8000-000000000000`,
    );
    expect(blank.text).toMatch(/<input[^>]*id="label" name="label" type="text"(?! value="W)/);

    // In Finnish and Swedish too.
    const fi = await browser.get(`/catalog/services/${service.id}/questionnaire?fromRecommendation=${recommendationId}`, 'fi');
    expect(fi.text).toContain('Retrospektiivin suositus');
    const sv = await browser.get(`/catalog/services/${service.id}/questionnaire?fromRecommendation=${recommendationId}`, 'sv');
    expect(sv.text).toContain('Rekommenderat av en retrospektiv');
  });

  it('shows the design pages in Finnish and Swedish', async () => {
    const id = await aNewService('Kielitesti');
    for (const [language, words] of [
      ['fi', ['Palvelut ja kysymyslomakkeet', 'Kysymyslomake', 'Lisää kysymys', 'Kysymysten esikatselu']],
      ['sv', ['Tjänster och frågeformulär', 'Frågeformulär', 'Lägg till en fråga', 'Förhandsgranskning av frågorna']],
    ] as const) {
      expect((await browser.get('/catalog/services', language)).text).toContain(words[0]);
      expect((await browser.get(`/catalog/services/${id}/questionnaire`, language)).text).toContain(words[1]);
      expect((await browser.get(`/catalog/services/${id}/questionnaire/questions/new`, language)).text).toContain(words[2]);
      expect((await browser.get(`/catalog/services/${id}/questionnaire/preview`, language)).text).toContain(words[3]);
    }
  });
});

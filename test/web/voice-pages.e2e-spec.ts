import type { Question } from '../../src/catalog/domain/question';
import { TestUnit, TestUser, World } from '../factories/world';
import { PAGE_PASSWORD, PageBrowser } from '../support/page-browser';
import { startTestApp, TestApp } from '../support/test-app';

const QUESTIONS: Question[] = [
  { key: 'score', type: 'number', label: 'How useful, 1 to 5?', required: true, min: 1, max: 5 },
  { key: 'wish', type: 'textarea', label: 'What do you wish for?' },
];

describe('the pages of ideas, panels and surveys', () => {
  let t: TestApp;
  let w: World;
  let comms: TestUnit;
  let school: TestUnit;
  let teacher: TestUser;
  let colleague: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    w = new World(t);
    comms = await w.aUnit('support', { name: 'Communications' });
    school = await w.aUnit('core', { name: 'Harbour School' });
    teacher = await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD });
    colleague = await w.aUser([[school, 'requester']], { password: PAGE_PASSWORD });
    manager = await w.aUser([[comms, 'manager']], { password: PAGE_PASSWORD });
  });
  afterAll(() => t.close());

  it('raises an idea, supports it and answers it on the pages; a missing reason shows the form again', async () => {
    const author = await new PageBrowser(t).signIn(teacher);
    const form = await author.get(`/ideas/new?supportUnitId=${comms.id}`);
    expect(form.status).toBe(200);
    const empty = await author.post('/ideas/new', { supportUnitId: comms.id, title: '', body: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('govuk-error-summary');
    const raised = await author.post('/ideas/new', {
      supportUnitId: comms.id,
      serviceId: '',
      title: 'Poster templates',
      body: 'So we order faster.',
    });
    expect(raised.status).toBe(303);
    const ideaPath = raised.headers.location.split('?')[0];
    expect((await author.get(raised.headers.location)).text).toContain('Your idea was sent to the support unit.');
    expect((await author.get(ideaPath)).text).toContain('This is your idea.');

    const supporter = await new PageBrowser(t).signIn(colleague);
    const page = await supporter.get(ideaPath);
    expect(page.text).toContain('Support this idea');
    expect((await supporter.post(`${ideaPath}/support`, {})).status).toBe(303);
    expect((await supporter.get(ideaPath)).text).toContain('Take back my support');

    const unit = await new PageBrowser(t).signIn(manager);
    const answerForm = await unit.get(ideaPath);
    expect(answerForm.text).toContain('Answer the idea');
    const version = /name="version" value="(\d+)"/.exec(answerForm.text)![1];
    const noReason = await unit.post(`${ideaPath}/response`, { decision: 'planned', reason: '', version });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('govuk-error-summary');
    expect((await unit.post(`${ideaPath}/response`, { decision: 'planned', reason: 'In the spring.', version })).status).toBe(303);
    const seen = await author.get(ideaPath);
    expect(seen.text).toContain('In the spring.');
    expect(seen.text).toContain('Planned');

    for (const language of ['en', 'fi', 'sv']) {
      const list = await author.get(`/ideas?supportUnitId=${comms.id}&status=planned`, language);
      expect(list.status).toBe(200);
      expect(list.text).toContain('Poster templates');
    }
    expect((await author.get('/ideas?status=nonsense')).status).toBe(200);

    // The open figures page shows ideas answered in time per support unit.
    const figures = await author.get('/figures');
    expect(figures.status).toBe(200);
    const table = /<table class="govuk-table" id="ideas-figures">[\s\S]*?<\/table>/.exec(figures.text)![0];
    expect(table).toContain('Communications');
    expect(table).toContain('Answered in time');
  });

  it('forms a panel, sends a survey with the editor, takes an answer and withholds results under 5', async () => {
    const unit = await new PageBrowser(t).signIn(manager);
    const form = await unit.get('/panels/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain(teacher.email);
    expect(form.text).not.toContain(manager.email);
    const created = await unit.post('/panels/new', { supportUnitId: comms.id, name: 'Schools', memberIds: [teacher.id, colleague.id] });
    expect(created.status).toBe(303);
    const panelPath = created.headers.location.split('?')[0];
    expect((await unit.get('/panels')).text).toContain('Schools');

    const badJson = await unit.post(`${panelPath}/surveys`, { title: 'Term', closesAt: '2099-01-31', questions: '[{' });
    expect(badJson.status).toBe(400);
    const sent = await unit.post(`${panelPath}/surveys`, {
      title: 'Term survey',
      closesAt: '2099-01-31',
      questions: JSON.stringify(QUESTIONS),
    });
    expect(sent.status).toBe(303);
    const surveyId = /survey=([0-9a-f-]+)/.exec(sent.headers.location)![1];

    const member = await new PageBrowser(t).signIn(teacher);
    const home = await member.get('/');
    expect(home.text).toContain('A survey waits for you: Term survey');
    const answerPage = await member.get(`/surveys/${surveyId}`);
    expect(answerPage.text).toContain('How useful, 1 to 5?');
    const wrong = await member.post(`/surveys/${surveyId}`, { 'answers[score]': '9' });
    expect(wrong.status).toBe(400);
    expect((await member.post(`/surveys/${surveyId}`, { 'answers[score]': '4', 'answers[wish]': 'More photos' })).status).toBe(303);
    expect((await member.get(`/surveys/${surveyId}`)).text).toContain('You have answered this survey.');

    const withheld = await unit.get(`/surveys/${surveyId}/results`);
    expect(withheld.status).toBe(403);
    expect(withheld.text).toContain('1 have answered so far');
    // Every signal about the unit on one page: the open idea and the survey beside the recommendations.
    await w
      .as(colleague)
      .post('/api/v1/ideas', { supportUnitId: comms.id, title: 'Bigger fonts on posters', body: 'Readable from afar.' })
      .expect(201);
    const next = await unit.get(`/reports/next?supportUnitId=${comms.id}`);
    expect(next.status).toBe(200);
    expect(next.text).toContain('Bigger fonts on posters');
    expect(next.text).toContain('Term survey');

    const outsider = await new PageBrowser(t).signIn(await w.aUser([[await w.aUnit('core'), 'requester']], { password: PAGE_PASSWORD }));
    expect((await outsider.get(`/surveys/${surveyId}`)).status).toBe(403);
  });
});

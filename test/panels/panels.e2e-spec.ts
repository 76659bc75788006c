import { randomUUID } from 'node:crypto';
import type { Question } from '../../src/catalog/domain/question';
import { TestUnit, TestUser, World } from '../factories/world';
import { startSmtp, subjectOf, until } from '../support/smtp-catcher';
import { startTestApp, TestApp } from '../support/test-app';

const QUESTIONS: Question[] = [
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
  { key: 'score', type: 'number', label: 'How useful, 1 to 5?', required: true, min: 1, max: 5 },
  { key: 'why', type: 'textarea', label: 'Why not the intranet?', showIf: { key: 'channel', equals: 'mail' } },
  { key: 'more', type: 'yesno', label: 'Would you like more?' },
];

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

describe('customer panels and their surveys', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let w: World;
  let comms: TestUnit;
  let school: TestUnit;
  let manager: TestUser;
  let deliverer: TestUser;
  let members: TestUser[];
  let outsider: TestUser;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      WORKERS: 'true',
      JOB_POLL_MS: '100',
      PUBLIC_URL: 'https://orders.test.example',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Orders <orders@test.example>',
    });
    w = new World(t);
    comms = await w.aUnit('support');
    school = await w.aUnit('core');
    manager = await w.aManager(comms);
    deliverer = await w.aDeliverer(comms);
    members = [];
    for (let i = 0; i < 7; i++) {
      const member = await w.aRequester(school);
      // Names that cannot occur by chance in a result, so the search below means something.
      await t.db.query(`UPDATE users SET name = $2 WHERE id = $1`, [member.id, `Respondent ${i} ${randomUUID().slice(0, 8)}`]);
      members.push(member);
    }
    outsider = await w.aRequester(school);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const aPanel = async () =>
    (
      await w
        .as(manager)
        .post('/api/v1/panels', { supportUnitId: comms.id, name: 'Schools panel', memberIds: members.map((m) => m.id) })
        .expect(201)
    ).body as { id: string };

  const aSurvey = async (panelId: string, title = 'News habits') =>
    (await w.as(manager).post(`/api/v1/panels/${panelId}/surveys`, { title, questions: QUESTIONS, closesAt: inAWeek() }).expect(201))
      .body as { id: string };

  it('is formed by a manager of the support unit, of active people outside it', async () => {
    await w
      .as(members[0])
      .post('/api/v1/panels', { supportUnitId: comms.id, name: 'p', memberIds: [members[1].id] })
      .expect(403);
    const otherManager = await w.aManager(await w.aUnit('support'));
    await w
      .as(otherManager)
      .post('/api/v1/panels', { supportUnitId: comms.id, name: 'p', memberIds: [members[1].id] })
      .expect(403);
    const inside = await w
      .as(manager)
      .post('/api/v1/panels', { supportUnitId: comms.id, name: 'p', memberIds: [members[0].id, deliverer.id] })
      .expect(400);
    expect(inside.body.errors).toEqual([expect.objectContaining({ pointer: '/memberIds/1', code: 'notAllowed' })]);
    const gone = await w.aRequester(school);
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [gone.id]);
    const inactive = await w
      .as(manager)
      .post('/api/v1/panels', { supportUnitId: comms.id, name: 'p', memberIds: [gone.id, randomUUID()] })
      .expect(400);
    expect(inactive.body.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])).toEqual([
      ['/memberIds/0', 'unknownReference'],
      ['/memberIds/1', 'unknownReference'],
    ]);
    await w.as(manager).post('/api/v1/panels', { supportUnitId: comms.id, name: '', memberIds: [] }).expect(400);

    const panel = await aPanel();
    const read = await w.as(manager).get(`/api/v1/panels/${panel.id}`).expect(200);
    expect(read.body.members.map((m: { id: string }) => m.id).sort()).toEqual(members.map((m) => m.id).sort());
    await w.as(members[0]).get(`/api/v1/panels/${panel.id}`).expect(403);
    expect((await w.as(manager).get('/api/v1/panels').expect(200)).body.map((p: { id: string }) => p.id)).toContain(panel.id);
  });

  it('sends a survey built like a questionnaire; members are notified in the app and by mail with a link', async () => {
    const panel = await aPanel();
    const bad = await w
      .as(manager)
      .post(`/api/v1/panels/${panel.id}/surveys`, {
        title: 'Bad',
        questions: [{ key: 'q', type: 'colour', label: 'x' }],
        closesAt: inAWeek(),
      })
      .expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/questions/0/type');
    const past = await w
      .as(manager)
      .post(`/api/v1/panels/${panel.id}/surveys`, { title: 'Late', questions: QUESTIONS, closesAt: '2020-01-01T00:00:00Z' })
      .expect(400);
    expect(past.body.errors).toEqual([expect.objectContaining({ pointer: '/closesAt', code: 'notInPast' })]);
    await w
      .as(members[0])
      .post(`/api/v1/panels/${panel.id}/surveys`, { title: 'x', questions: QUESTIONS, closesAt: inAWeek() })
      .expect(403);

    const survey = await aSurvey(panel.id, 'Mail me');
    const view = await w.as(members[0]).get(`/api/v1/surveys/${survey.id}`).expect(200);
    expect(view.body).toMatchObject({ title: 'Mail me', invited: 7, responses: 0, answered: false, mayAnswer: true, mayManage: false });
    expect(view.body.questions).toEqual(QUESTIONS);
    expect((await w.as(members[0]).get('/api/v1/me/surveys').expect(200)).body.items.map((s: { id: string }) => s.id)).toContain(survey.id);
    await w.as(outsider).get(`/api/v1/surveys/${survey.id}`).expect(403);

    const note = await until('a member’s notification', async () =>
      ((await w.as(members[1]).get('/api/v1/notifications')).body.items as Array<{ event: string; link: string }>).find(
        (n) => n.event === 'survey.sent',
      ),
    );
    expect(note.link).toBe(`/surveys/${survey.id}`);
    const mails = await until('mails to all members', async () => {
      const found = smtp.mails.filter((m) => subjectOf(m.raw) === 'A survey waits for you: Mail me');
      return found.length >= 7 && found;
    });
    expect(mails.flatMap((m) => m.to).sort()).toEqual(members.map((m) => m.email.toLowerCase()).sort());
    expect(mails[0].raw.replace(/=\r\n/g, '')).toContain(`https://orders.test.example/surveys/${survey.id}`);
  });

  it('takes one answer a member, validated like an order’s, before it closes (403, 400, 409)', async () => {
    const panel = await aPanel();
    const survey = await aSurvey(panel.id);
    const url = `/api/v1/surveys/${survey.id}/responses`;
    await w
      .as(outsider)
      .post(url, { answers: { channel: 'intranet', score: 3 } })
      .expect(403);
    await w
      .as(manager)
      .post(url, { answers: { channel: 'intranet', score: 3 } })
      .expect(403);
    const invalid = await w
      .as(members[0])
      .post(url, { answers: { channel: 'fax', score: 9 } })
      .expect(400);
    expect(invalid.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/answers/channel', '/answers/score']);
    const hidden = await w
      .as(members[0])
      .post(url, { answers: { channel: 'intranet', score: 3, why: 'hidden by showIf' } })
      .expect(201);
    expect(hidden.body).toEqual({ answered: true });
    await w
      .as(members[0])
      .post(url, { answers: { channel: 'mail', score: 2 } })
      .expect(409);
    expect((await w.as(members[0]).get(`/api/v1/surveys/${survey.id}`)).body).toMatchObject({ answered: true, mayAnswer: false });
    expect((await w.as(members[0]).get('/api/v1/me/surveys')).body.items.map((s: { id: string }) => s.id)).not.toContain(survey.id);
    // The answer hidden by showIf was not kept.
    const [stored] = await t.db.query(`SELECT answers FROM survey_responses WHERE survey_id = $1`, [survey.id]);
    expect(stored.answers).toEqual({ channel: 'intranet', score: 3 });

    await t.db.query(`UPDATE surveys SET closes_at = now() - interval '1 minute' WHERE id = $1`, [survey.id]);
    const closed = await w
      .as(members[1])
      .post(url, { answers: { channel: 'mail', score: 2 } })
      .expect(409);
    expect(closed.body.type).toMatch(/survey-closed$/);
    // The database refuses a late answer by itself too.
    await expect(t.db.query(`INSERT INTO survey_responses (survey_id, answers) VALUES ($1, '{}')`, [survey.id])).rejects.toThrow(/closed/);
    await expect(
      t.db.query(`INSERT INTO survey_respondents (survey_id, user_id) VALUES ($1, $2)`, [survey.id, members[1].id]),
    ).rejects.toThrow(/closed/);
  });

  it('shows results from 5 answers only: to the managers at once, to members after close, never tied to a person', async () => {
    const panel = await aPanel();
    const survey = await aSurvey(panel.id, 'Results');
    const results = `/api/v1/surveys/${survey.id}/results`;
    const answers = [
      { channel: 'mail', score: 5, why: 'zeta: the intranet is slow', more: 'yes' },
      { channel: 'intranet', score: 4, more: 'no' },
      { channel: 'mail', score: 2, why: 'alpha: I never look there' },
      { channel: 'intranet', score: 3, more: 'yes' },
      { channel: 'mail', score: 1, why: 'mu: mail is where I work' },
    ];
    for (let i = 0; i < 4; i++) {
      await w.as(members[i]).post(`/api/v1/surveys/${survey.id}/responses`, { answers: answers[i] }).expect(201);
    }
    const withheld = await w.as(manager).get(results).expect(403);
    expect(withheld.body).toMatchObject({ type: expect.stringMatching(/results-withheld$/), responses: 4 });
    await w.as(members[4]).post(`/api/v1/surveys/${survey.id}/responses`, { answers: answers[4] }).expect(201);

    const given = await w.as(manager).get(results).expect(200);
    expect(given.body).toMatchObject({ surveyId: survey.id, responses: 5, invited: 7, closed: false });
    const byKey = Object.fromEntries(given.body.questions.map((q: { key: string }) => [q.key, q]));
    expect(byKey.channel.counts).toEqual([
      { value: 'intranet', label: 'Intranet', count: 2 },
      { value: 'mail', label: 'Mail', count: 3 },
    ]);
    expect(byKey.score).toMatchObject({ answered: 5, average: 3 });
    expect(byKey.why.texts).toEqual(['alpha: I never look there', 'mu: mail is where I work', 'zeta: the intranet is slow']);
    expect(byKey.more.counts).toEqual([
      { value: 'yes', label: 'yes', count: 2 },
      { value: 'no', label: 'no', count: 1 },
    ]);

    await w.as(members[0]).get(results).expect(403);
    await w.as(outsider).get(results).expect(403);
    await t.db.query(`UPDATE surveys SET closes_at = now() - interval '1 minute' WHERE id = $1`, [survey.id]);
    const forMembers = await w.as(members[6]).get(results).expect(200);
    expect(forMembers.body.questions).toEqual(given.body.questions);
    await w.as(outsider).get(results).expect(403);

    // Nothing in any answer of the API says who answered: search every route a reader can reach.
    const respondents = members.slice(0, 5);
    const [names] = [await t.db.query(`SELECT id, name, email FROM users WHERE id = ANY($1::uuid[])`, [respondents.map((m) => m.id)])];
    const needles: string[] = names.flatMap((u: { id: string; name: string; email: string }) => [u.id, u.name, u.email]);
    const bodies = [
      given.text,
      forMembers.text,
      (await w.as(manager).get(`/api/v1/surveys/${survey.id}`)).text,
      (await w.as(members[6]).get(`/api/v1/surveys/${survey.id}`)).text,
      (await w.as(manager).get('/api/v1/open-figures')).text,
      (await w.as(manager).get('/api/v1/open-figures.csv')).text,
    ];
    for (const body of bodies) for (const needle of needles) expect(body).not.toContain(needle);
    // And in the database: the answers have no user column and no time to join by.
    const columns: Array<{ column_name: string }> = await t.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'survey_responses' ORDER BY column_name`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['answers', 'id', 'survey_id']);
    const respondentColumns: Array<{ column_name: string }> = await t.db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'survey_respondents' ORDER BY column_name`,
    );
    expect(respondentColumns.map((c) => c.column_name)).toEqual(['survey_id', 'user_id']);
    const audit: Array<{ after: unknown; entity_id: string }> = await t.db.query(
      `SELECT after, entity_id FROM audit_events WHERE action = 'survey.answered' AND entity_id = $1`,
      [survey.id],
    );
    expect(audit).toHaveLength(5);
    for (const row of audit) expect(row.after).toBeNull();

    const figures = (await w.as(manager).get('/api/v1/open-figures').expect(200)).body;
    const rate = figures.surveys.find((f: { supportUnitId: string }) => f.supportUnitId === comms.id);
    // This survey and the one closed in the test before (one answer of seven).
    expect(rate).toMatchObject({ surveys: 2, invited: 14, responses: 6, responseRate: 6 / 14 });
  });
});

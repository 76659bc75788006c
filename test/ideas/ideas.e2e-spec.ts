import { randomUUID } from 'node:crypto';
import { IdeasFacade } from '../../src/ideas/ideas.facade';
import { TestUnit, TestUser, World } from '../factories/world';
import { startSmtp, subjectOf, until } from '../support/smtp-catcher';
import { startTestApp, TestApp } from '../support/test-app';

const DAY = 86_400_000;

describe('ideas: raised by anyone, supported by others, always answered by the support unit', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let w: World;
  let school: TestUnit;
  let comms: TestUnit;
  let teacher: TestUser;
  let colleague: TestUser;
  let outsider: TestUser;
  let deliverer: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      WORKERS: 'true',
      JOB_POLL_MS: '100',
      PUBLIC_URL: 'https://orders.test.example',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Orders <orders@test.example>',
      IDEA_RESPONSE_DAYS: '21',
    });
    w = new World(t);
    school = await w.aUnit('core');
    comms = await w.aUnit('support', { name: `Communications ${randomUUID().slice(0, 6)}` });
    teacher = await w.aRequester(school);
    colleague = await w.aRequester(school);
    outsider = await w.aRequester(await w.aUnit('core'));
    deliverer = await w.aDeliverer(comms);
    manager = await w.aManager(comms);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const raise = (by: TestUser, body: object = {}) =>
    w.as(by).post('/api/v1/ideas', {
      supportUnitId: comms.id,
      title: 'Newsletter templates',
      body: 'Give us templates, so we order less.',
      ...body,
    });

  it('raises an idea: open, no supporters, a response date IDEA_RESPONSE_DAYS ahead', async () => {
    const before = Date.now();
    const res = await raise(teacher).expect(201);
    expect(res.body).toMatchObject({
      status: 'open',
      supporters: 0,
      supportUnitId: comms.id,
      authorId: teacher.id,
      answer: null,
      unanswered: false,
    });
    const respondBy = new Date(res.body.respondBy).getTime();
    expect(respondBy).toBeGreaterThanOrEqual(before + 21 * DAY - 1000);
    expect(respondBy).toBeLessThanOrEqual(Date.now() + 21 * DAY + 1000);
    expect(new Date(res.body.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('refuses bad input naming the field', async () => {
    const missing = await w.as(teacher).post('/api/v1/ideas', { supportUnitId: comms.id, body: 'why' }).expect(400);
    expect(missing.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/title');
    const core = await raise(teacher, { supportUnitId: school.id }).expect(400);
    expect(core.body.errors).toEqual([expect.objectContaining({ pointer: '/supportUnitId', code: 'unknownReference' })]);
    const elsewhere = await w.aService(await w.aUnit('support'));
    const service = await raise(teacher, { serviceId: elsewhere.id }).expect(400);
    expect(service.body.errors).toEqual([expect.objectContaining({ pointer: '/serviceId', code: 'unknownReference' })]);
    await w.as(null).post('/api/v1/ideas', { supportUnitId: comms.id, title: 'x', body: 'y' }).expect(401);
  });

  it('shows every idea to everyone signed in, filtered by unit and status', async () => {
    const service = await w.aService(comms);
    const idea = (await raise(teacher, { serviceId: service.id, title: 'Seen by all' }).expect(201)).body;
    const other = await w.aUnit('support');
    await w.as(teacher).post('/api/v1/ideas', { supportUnitId: other.id, title: 'Elsewhere', body: 'b' }).expect(201);

    const seen = await w.as(outsider).get(`/api/v1/ideas/${idea.id}`).expect(200);
    expect(seen.body).toMatchObject({ title: 'Seen by all', serviceId: service.id, service: service.name, supportUnit: comms.name });
    expect(seen.body.you).toEqual({ isAuthor: false, supports: false, maySupport: true, mayRespond: false });

    const byUnit = await w.as(outsider).get(`/api/v1/ideas?supportUnitId=${comms.id}`).expect(200);
    expect(byUnit.body.items.length).toBeGreaterThan(0);
    expect(byUnit.body.items.every((i: { supportUnitId: string }) => i.supportUnitId === comms.id)).toBe(true);
    const done = await w.as(outsider).get(`/api/v1/ideas?supportUnitId=${comms.id}&status=done`).expect(200);
    expect(done.body.items).toEqual([]);
    await w.as(outsider).get('/api/v1/ideas?status=maybe').expect(400);
    await w.as(outsider).get(`/api/v1/ideas/${randomUUID()}`).expect(404);
  });

  it('takes one support a person and none from the author (403, 409), also in the database', async () => {
    const idea = (await raise(teacher).expect(201)).body;
    await w.as(teacher).post(`/api/v1/ideas/${idea.id}/support`).expect(403);
    const supported = await w.as(colleague).post(`/api/v1/ideas/${idea.id}/support`).expect(200);
    expect(supported.body).toMatchObject({ supporters: 1, you: expect.objectContaining({ supports: true }) });
    await w.as(colleague).post(`/api/v1/ideas/${idea.id}/support`).expect(409);
    await w.as(outsider).post(`/api/v1/ideas/${idea.id}/support`).expect(200);
    expect((await w.as(teacher).get(`/api/v1/ideas/${idea.id}`)).body.supporters).toBe(2);

    // The rules hold without the service too.
    await expect(t.db.query(`INSERT INTO idea_supports (idea_id, user_id) VALUES ($1, $2)`, [idea.id, teacher.id])).rejects.toThrow(
      /author/,
    );
    await expect(t.db.query(`INSERT INTO idea_supports (idea_id, user_id) VALUES ($1, $2)`, [idea.id, colleague.id])).rejects.toThrow(
      /duplicate key/,
    );

    const back = await w.as(outsider).delete(`/api/v1/ideas/${idea.id}/support`).expect(200);
    expect(back.body).toMatchObject({ supporters: 1, you: expect.objectContaining({ supports: false }) });
  });

  it('is answered by the unit with a decision and always a reason; the author and supporters are told', async () => {
    const idea = (await raise(teacher, { title: 'Answer me' }).expect(201)).body;
    await w.as(colleague).post(`/api/v1/ideas/${idea.id}/support`).expect(200);

    await w.as(teacher).post(`/api/v1/ideas/${idea.id}/response`, { decision: 'planned', reason: 'mine' }).expect(403);
    await w
      .as(await w.aDeliverer(await w.aUnit('support')))
      .post(`/api/v1/ideas/${idea.id}/response`, { decision: 'done', reason: 'x' })
      .expect(403);
    const noReason = await w.as(deliverer).post(`/api/v1/ideas/${idea.id}/response`, { decision: 'declined' }).expect(400);
    expect(new Set(noReason.body.errors.map((e: { pointer: string }) => e.pointer))).toEqual(new Set(['/reason']));
    const blank = await w.as(deliverer).post(`/api/v1/ideas/${idea.id}/response`, { decision: 'declined', reason: '   ' }).expect(400);
    expect(blank.body.errors).toEqual([expect.objectContaining({ pointer: '/reason', code: 'reasonNeeded' })]);
    await w.as(deliverer).post(`/api/v1/ideas/${idea.id}/response`, { decision: 'maybe', reason: 'r' }).expect(400);
    await expect(
      t.db.query(`UPDATE ideas SET status = 'declined', answered_at = now(), first_answered_at = now(), responded_by = $2 WHERE id = $1`, [
        idea.id,
        manager.id,
      ]),
    ).rejects.toThrow(/ideas_answer_check/);

    const answered = await w
      .as(manager)
      .post(`/api/v1/ideas/${idea.id}/response`, { decision: 'planned', reason: 'Templates come in the spring.', version: idea.version })
      .expect(200);
    expect(answered.body).toMatchObject({
      status: 'planned',
      answer: { decision: 'planned', reason: 'Templates come in the spring.', answeredInTime: true },
    });
    await w.as(manager).post(`/api/v1/ideas/${idea.id}/response`, { decision: 'done', reason: 'late', version: idea.version }).expect(409);

    const teacherNote = await until('the author’s notification', async () => {
      const list = (await w.as(teacher).get('/api/v1/notifications')).body.items as Array<{
        event: string;
        link: string | null;
        title: string;
      }>;
      return list.find((n) => n.event === 'idea.answered');
    });
    expect(teacherNote).toMatchObject({ link: `/ideas/${idea.id}`, title: 'Answer me' });
    await until('the supporter’s notification', async () =>
      ((await w.as(colleague).get('/api/v1/notifications')).body.items as Array<{ event: string }>).find(
        (n) => n.event === 'idea.answered',
      ),
    );
    const mails = await until('mails to both', async () => {
      const found = smtp.mails.filter((m) => subjectOf(m.raw) === 'An idea you follow was answered: Answer me');
      return found.length >= 2 && found;
    });
    expect(mails.flatMap((m) => m.to).sort()).toEqual([teacher.email, colleague.email].map((e) => e.toLowerCase()).sort());
    expect(mails[0].raw.replace(/=\r\n/g, '')).toContain(`https://orders.test.example/ideas/${idea.id}`);
    // The one who answered is not told of their own answer.
    expect(
      ((await w.as(manager).get('/api/v1/notifications')).body.items as Array<{ event: string }>).some((n) => n.event === 'idea.answered'),
    ).toBe(false);
    // The unit's managers heard of the new idea.
    expect(
      ((await w.as(manager).get('/api/v1/notifications')).body.items as Array<{ event: string }>).some((n) => n.event === 'idea.created'),
    ).toBe(true);
  });

  it('shows an idea past its date as unanswered, reminds the managers once and counts it in the open figures', async () => {
    const unit = await w.aUnit('support');
    const unitManager = await w.aManager(unit);
    const late = (await w.as(teacher).post('/api/v1/ideas', { supportUnitId: unit.id, title: 'Forgotten', body: 'b' }).expect(201)).body;
    const onTime = (await w.as(teacher).post('/api/v1/ideas', { supportUnitId: unit.id, title: 'Answered', body: 'b' }).expect(201)).body;
    const answeredLate = (await w.as(teacher).post('/api/v1/ideas', { supportUnitId: unit.id, title: 'Slow', body: 'b' }).expect(201)).body;
    await w.as(teacher).post('/api/v1/ideas', { supportUnitId: unit.id, title: 'Still has time', body: 'b' }).expect(201);
    await w.as(unitManager).post(`/api/v1/ideas/${onTime.id}/response`, { decision: 'done', reason: 'Done already.' }).expect(200);
    await t.db.query(`UPDATE ideas SET respond_by = now() - interval '1 day' WHERE id = ANY($1::uuid[])`, [[late.id, answeredLate.id]]);
    await w
      .as(unitManager)
      .post(`/api/v1/ideas/${answeredLate.id}/response`, { decision: 'declined', reason: 'Not this year.' })
      .expect(200);

    const shown = (await w.as(outsider).get(`/api/v1/ideas/${late.id}`).expect(200)).body;
    expect(shown).toMatchObject({ status: 'open', unanswered: true });
    const unanswered = (await w.as(outsider).get(`/api/v1/ideas?supportUnitId=${unit.id}&status=unanswered`).expect(200)).body;
    expect(unanswered.items.map((i: { id: string }) => i.id)).toEqual([late.id]);
    expect((await w.as(outsider).get(`/api/v1/ideas/${answeredLate.id}`)).body.answer.answeredInTime).toBe(false);

    const facade = t.app.get(IdeasFacade);
    // The daily schedule calls this; run it here (twice: the second finds nothing left to remind).
    await facade.remindUnanswered();
    expect(await facade.remindUnanswered()).toBe(0);
    const [marked] = await t.db.query(`SELECT overdue_reminded_at FROM ideas WHERE id = $1`, [late.id]);
    expect(marked.overdue_reminded_at).not.toBeNull();
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM outbox_events WHERE type = 'idea.overdue' AND payload->>'ideaId' = $1`,
      [late.id],
    );
    expect(count).toBe(1);
    const reminder = await until('the managers’ reminder', async () =>
      ((await w.as(unitManager).get('/api/v1/notifications')).body.items as Array<{ event: string; link: string }>).find(
        (n) => n.event === 'idea.overdue',
      ),
    );
    expect(reminder.link).toBe(`/ideas/${late.id}`);
    await until('the reminder mail', async () =>
      smtp.mails.find((m) => m.to.includes(unitManager.email.toLowerCase()) && subjectOf(m.raw).includes('Forgotten')),
    );

    const figures = (await w.as(outsider).get('/api/v1/open-figures').expect(200)).body;
    const row = figures.ideas.find((f: { supportUnitId: string }) => f.supportUnitId === unit.id);
    expect(row).toEqual({
      supportUnitId: unit.id,
      supportUnit: expect.any(String),
      ideas: 4,
      answeredInTime: 1,
      answeredLate: 1,
      unanswered: 1,
      answeredInTimeRate: 1 / 3,
    });
  });

  it('links an idea to what it changed, so people see that raising it mattered', async () => {
    const service = await w.aService(comms);
    const idea = (await raise(teacher, { title: 'Ask about the audience' }).expect(201)).body;
    await w.as(teacher).post(`/api/v1/ideas/${idea.id}/links`, { kind: 'service', serviceId: service.id }).expect(403);
    const bad = await w.as(manager).post(`/api/v1/ideas/${idea.id}/links`, { kind: 'question', serviceId: service.id }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/questionKey', code: 'required' })]);
    const unknown = await w
      .as(manager)
      .post(`/api/v1/ideas/${idea.id}/links`, { kind: 'recommendation', recommendationId: randomUUID() })
      .expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: '/recommendationId', code: 'unknownReference' })]);
    const linked = await w
      .as(manager)
      .post(`/api/v1/ideas/${idea.id}/links`, { kind: 'question', serviceId: service.id, questionKey: 'audience', note: 'New question' })
      .expect(200);
    expect(linked.body.links).toEqual([
      expect.objectContaining({
        kind: 'question',
        serviceId: service.id,
        questionKey: 'audience',
        note: 'New question',
        recommendationId: null,
      }),
    ]);
    expect((await w.as(outsider).get(`/api/v1/ideas/${idea.id}`)).body.links).toHaveLength(1);
  });
});

import { aDeliveredOrder, aScenario, OrderScenario } from '../factories/orders';
import { TestUser, World } from '../factories/world';
import { startSmtp, subjectOf, until } from '../support/smtp-catcher';
import { startTestApp, TestApp } from '../support/test-app';

const FAST = { WORKERS: 'true', JOB_POLL_MS: '100', PUBLIC_URL: 'https://orders.test.example' };

/**
 * The loop closes both ways: the requester reads the retrospective of her own order and is
 * told of it (in the app and by mail, over a real SMTP server), the delivering unit reads the
 * requester's feedback with its comment and is told of it; nobody hears of their own action,
 * and someone outside both units sees neither.
 */
describe('the retrospective reaches the requester, the feedback reaches the deliverers', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let w: World;
  let s: OrderScenario;
  let colleague: TestUser, outsider: TestUser, outsideDeliverer: TestUser;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ ...FAST, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    w = new World(t);
    s = await aScenario(w);
    colleague = await w.aDeliverer(s.support);
    outsider = await w.aRequester(await w.aUnit('core'));
    outsideDeliverer = await w.aDeliverer(await w.aUnit('support'));
  });

  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const notifications = async (u: TestUser) =>
    (await w.as(u).get('/api/v1/notifications').expect(200)).body.items as Array<{ event: string; orderId: string }>;

  it('shows the retrospective to the requester, mails her, and the feedback with its comment to the delivering unit', async () => {
    const delivered = await aDeliveredOrder(w, s);
    const professional = 'Delivered as ordered; in my view a digital invitation would reach parents sooner.';
    // The delivery's professional note is part of what the requester reads with the retrospective.
    await t.db.query(`UPDATE orders SET professional_note = $2 WHERE id = $1`, [delivered.id, professional]);
    const before = (await w.as(s.requester).get(`/api/v1/orders/${delivered.id}`).expect(200)).body;
    expect(before).not.toHaveProperty('retrospective');
    expect(before).not.toHaveProperty('feedback');

    await w
      .as(s.deliverer)
      .post(`/api/v1/orders/${delivered.id}/retrospective`, {
        version: before.version,
        outcome: 'Delivered on time; 60 of 400 flyers were taken home.',
        purposeAssessment: 'Partly achieved: fewer parents came than hoped.',
        recommendations: [
          { text: 'Order a digital invitation next time.', rationale: 'Parents read the school app daily.', category: 'channel' },
        ],
      })
      .expect(201);

    const seen = (await w.as(s.requester).get(`/api/v1/orders/${delivered.id}`).expect(200)).body;
    expect(seen.retrospective).toMatchObject({
      orderId: delivered.id,
      authorId: s.deliverer.id,
      outcome: 'Delivered on time; 60 of 400 flyers were taken home.',
      purposeAssessment: 'Partly achieved: fewer parents came than hoped.',
      recommendations: [
        {
          text: 'Order a digital invitation next time.',
          rationale: 'Parents read the school app daily.',
          category: 'channel',
          status: 'open',
          targetUnitId: s.school.id,
        },
      ],
    });
    expect(seen.professionalNote).toBe(professional);

    // In the app and by mail, to the requester; the author hears nothing of their own action.
    await until('the requester’s notification', async () =>
      (await notifications(s.requester)).some((n) => n.event === 'retrospective.written' && n.orderId === delivered.id),
    );
    const mail = await until('the retrospective mail', async () =>
      smtp.mails.find((m) => m.to.includes(s.requester.email) && subjectOf(m.raw).includes('retrospective')),
    );
    expect(subjectOf(mail.raw)).toBe(`[${delivered.reference}] The retrospective of your order is ready to read: Open day flyer`);
    expect(mail.raw.replace(/=\r\n/g, '')).toContain(`https://orders.test.example/orders/${delivered.id}`);

    const accepted = (await w.as(s.requester).post(`/api/v1/orders/${delivered.id}/accept-delivery`, { version: seen.version }).expect(200))
      .body;
    await w
      .as(s.requester)
      .post(`/api/v1/orders/${delivered.id}/feedback`, {
        version: accepted.version,
        satisfaction: 4,
        purposeAchieved: 'partly',
        comment: 'The flyers were lovely; next time we will try the app as well.',
      })
      .expect(201);

    for (const deliverer of [s.deliverer, colleague]) {
      const view = (await w.as(deliverer).get(`/api/v1/orders/${delivered.id}`).expect(200)).body;
      expect(view.feedback).toMatchObject({
        orderId: delivered.id,
        authorId: s.requester.id,
        satisfaction: 4,
        purposeAchieved: 'partly',
        comment: 'The flyers were lovely; next time we will try the app as well.',
      });
      await until('the delivering unit’s notification', async () =>
        (await notifications(deliverer)).some((n) => n.event === 'feedback.given' && n.orderId === delivered.id),
      );
    }
    const feedbackMail = await until('the feedback mail', async () =>
      smtp.mails.find((m) => m.to.includes(colleague.email) && subjectOf(m.raw).includes('Feedback from the requester')),
    );
    expect(subjectOf(feedbackMail.raw)).toBe(`[${delivered.reference}] Feedback from the requester: Open day flyer`);

    // Nobody is told of their own action.
    await new Promise((r) => setTimeout(r, 500));
    expect((await notifications(s.deliverer)).filter((n) => n.event === 'retrospective.written')).toEqual([]);
    expect((await notifications(colleague)).filter((n) => n.event === 'retrospective.written')).toEqual([]);
    expect((await notifications(s.requester)).filter((n) => n.event === 'feedback.given')).toEqual([]);
    expect(smtp.mails.filter((m) => m.to.includes(s.requester.email) && subjectOf(m.raw).includes('Feedback'))).toEqual([]);

    // Outside both units: neither the order nor its retrospective or feedback.
    for (const stranger of [outsider, outsideDeliverer]) {
      const res = await w.as(stranger).get(`/api/v1/orders/${delivered.id}`).expect(404);
      expect(JSON.stringify(res.body)).not.toContain('flyers were lovely');
      expect(await notifications(stranger)).toEqual([]);
    }
  });
});

import { Api, anOrganisation, Organisation } from './support/api';
import { AppProcess, sleep } from './support/app-process';
import { ScenarioDatabase, scenarioDatabase } from './support/database';
import { figures, waitFor } from './support/figures';
import { checkIntegrity, Ledger, lanesOf, orderCycles } from './support/load';
import { connects, slowRequest } from './support/slow-request';

const SHUTDOWN_TIMEOUT_MS = 4000;

/**
 * SIGTERM while clients write: requests already in flight (here, ones whose bodies are still
 * arriving) finish with their answer, new connections are refused, and the process exits
 * within SHUTDOWN_TIMEOUT_MS, on its own when the last request is done, by force otherwise.
 */
describe('SIGTERM under load', () => {
  let db: ScenarioDatabase;
  let org: Organisation;
  const apps: AppProcess[] = [];
  const env = { WORKERS: 'true', JOB_POLL_MS: '200', SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) };

  beforeAll(async () => {
    db = await scenarioDatabase('sigterm');
    const app = await AppProcess.start('app', db.url, env);
    apps.push(app);
    org = await anOrganisation(new Api(app.url), { requesters: 2, lanes: 2 });
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await db?.drop();
  });

  const newOrder = (i: number) => ({
    serviceId: org.lanes[0].serviceId,
    requesterUnitId: org.school.id,
    title: `Slow order ${i}`,
    purpose: 'Sent over a slow line while the app shuts down.',
    answers: { audience: 'everyone' },
  });

  it('finishes the requests in flight, refuses new connections and exits cleanly within the timeout', async () => {
    const app = apps[0];
    const api = new Api(app.url);
    const ledger = new Ledger();
    let exited = false;
    // A request that reaches a kept-alive connection after the signal may be refused with 503 (nothing done).
    const clients = lanesOf(org, 4).map((lane) => orderCycles(api, lane, ledger, { until: () => exited, tolerated: [503] }));
    await waitFor('load', () => ledger.acknowledged >= 20, 20_000);

    const slow = await Promise.all(
      [0, 1, 2].map((i) => slowRequest(app.port, 'POST', '/api/v1/orders', org.requesters[0].token, newOrder(i))),
    );
    await sleep(100); // the server has their headers
    const answersBefore = ledger.statuses.size ? [...ledger.statuses.values()].reduce((a, b) => a + b, 0) : 0;
    const signalled = Date.now();
    app.signal('SIGTERM');
    await sleep(300);
    const acceptsNew = await connects(app.port);
    const stillRunning = app.running;
    for (const request of slow) request.finish();
    const answers = await Promise.all(slow.map((s) => s.answer));
    const exit = await app.exited;
    exited = true;
    await Promise.all(clients);

    for (const answer of answers) if ('status' in answer) ledger.ackOrder(answer.body as never);
    const report = await checkIntegrity(db, ledger);
    const answersTotal = [...ledger.statuses.values()].reduce((a, b) => a + b, 0);
    figures('SIGTERM under load', {
      'in-flight slow requests': `${answers.length}, answered ${answers.map((a) => ('status' in a ? a.status : a.error)).join(' ')}`,
      'new connection 300 ms after SIGTERM': acceptsNew ? 'accepted' : 'refused',
      'exit after SIGTERM': `${exit.at - signalled} ms (SHUTDOWN_TIMEOUT_MS ${SHUTDOWN_TIMEOUT_MS}), code ${exit.code}`,
      'load answers after SIGTERM': `${answersTotal - answersBefore} (${ledger.statuses.get(503) ?? 0} refused with 503); unanswered ${ledger.networkErrors}`,
      'writes acknowledged / lost': `${report.acknowledgedWrites} / ${report.lost.length}`,
    });

    expect(stillRunning).toBe(true); // waiting for the slow requests
    expect(acceptsNew).toBe(false);
    expect(answers).toEqual(answers.map(() => ({ status: 201, body: expect.objectContaining({ status: 'draft' }) })));
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(ledger.unexpected).toEqual([]);
    expect(report.lost).toEqual([]);
    expect(report.halfWritten).toEqual(Object.fromEntries(Object.keys(report.halfWritten).map((k) => [k, 0])));
  });

  it('exits by SHUTDOWN_TIMEOUT_MS when a request never finishes', async () => {
    const app = await AppProcess.start('app, second start', db.url, env);
    apps.push(app);
    const stuck = await slowRequest(app.port, 'POST', '/api/v1/orders', org.requesters[1].token, newOrder(9));
    await sleep(100);
    const signalled = Date.now();
    app.signal('SIGTERM');
    const exit = await app.exited;
    const answer = await stuck.answer;
    figures('SIGTERM with a request that never finishes', {
      'exit after SIGTERM': `${exit.at - signalled} ms (SHUTDOWN_TIMEOUT_MS ${SHUTDOWN_TIMEOUT_MS}), code ${exit.code}`,
      'the stuck request': 'status' in answer ? `answered ${answer.status}` : `closed (${answer.error})`,
    });
    expect(exit.at - signalled).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS - 100);
    expect(exit.at - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 1000);
    expect(exit.code).toBe(1); // forced: it says so to its supervisor
  });
});

import { Api, anOrganisation } from './support/api';
import { AppProcess } from './support/app-process';
import { ScenarioDatabase, scenarioDatabase } from './support/database';
import { figures, waitFor } from './support/figures';
import { checkIntegrity, Ledger, lanesOf, orderCycles } from './support/load';

/**
 * The app is killed (SIGKILL: no shutdown code runs) while clients create, submit, accept,
 * tick and deliver orders in parallel. Started again on the same database, every change it
 * acknowledged is there, every transaction is whole, and references go on without a repeat.
 */
describe('SIGKILL under write load', () => {
  let db: ScenarioDatabase;
  const apps: AppProcess[] = [];

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await db?.drop();
  });

  it('keeps every acknowledged change, writes nothing by halves and repeats no reference', async () => {
    db = await scenarioDatabase('sigkill');
    // Workers on: the outbox relay and the jobs write too while the kill lands.
    const first = await AppProcess.start('app', db.url, { WORKERS: 'true', JOB_POLL_MS: '200' });
    apps.push(first);
    const api = new Api(first.url);
    const org = await anOrganisation(api, { requesters: 3, lanes: 2 });

    const ledger = new Ledger();
    let stopped = false;
    const clients = lanesOf(org, 8).map((lane) => orderCycles(api, lane, ledger, { until: () => stopped }));
    const loadStarted = Date.now();
    // Some 150 writes, or 6 s of load on a slow machine (60 at the least).
    await waitFor(
      'writes under load',
      () => ledger.acknowledged >= 60 && (ledger.acknowledged >= 150 || Date.now() - loadStarted > 6000),
      60_000,
    );
    first.signal('SIGKILL');
    const exit = await first.exited;
    stopped = true;
    await Promise.all(clients);
    expect(exit.signal).toBe('SIGKILL');
    expect(ledger.unexpected).toEqual([]);

    const second = await AppProcess.start('app after the kill', db.url, { WORKERS: 'true' }, first.port);
    apps.push(second);
    const report = await checkIntegrity(db, ledger);
    const inDatabase = Number((await db.rows<{ n: string }>('SELECT count(*) AS n FROM orders'))[0].n);

    // The API still serves what it acknowledged, and the sequences go on without a repeat.
    const again = new Api(second.url);
    const sample = [...ledger.orders.values()].slice(-5);
    for (const acked of sample) {
      const { body } = await again.expect(200, 'GET', `/api/v1/orders/${acked.id}`, { token: org.admin.token });
      expect(body.reference).toBe(acked.reference);
      expect(body.version).toBeGreaterThanOrEqual(acked.version);
    }
    const lanes = lanesOf(org).slice(0, org.lanes.length);
    const fresh = [];
    for (const lane of lanes) {
      const { body } = await again.expect(201, 'POST', '/api/v1/orders', {
        token: lane.requester.token,
        body: {
          serviceId: lane.serviceId,
          requesterUnitId: lane.schoolId,
          title: 'After the kill',
          purpose: 'Check the sequence.',
          answers: {},
        },
      });
      fresh.push(body.reference as string);
    }
    const afterRestart = await checkIntegrity(db, ledger);

    figures('SIGKILL under write load', {
      'load before the kill': `${((exit.at - loadStarted) / 1000).toFixed(1)} s, 8 clients`,
      'writes acknowledged (2xx)': report.acknowledgedWrites,
      'orders acknowledged': report.acknowledgedOrders,
      'acknowledged orders found': report.foundOrders,
      'orders in the database': inDatabase,
      'acknowledged changes lost': report.lost.length,
      'half-written rows': Object.values(report.halfWritten).reduce((a, b) => a + b, 0),
      'duplicate references': report.duplicateReferences,
      'unanswered requests at the kill': ledger.networkErrors,
      'references after the restart': fresh.join(', '),
    });
    expect(report.acknowledgedWrites).toBeGreaterThan(50);
    expect(report.lost).toEqual([]);
    expect(report.foundOrders).toBe(report.acknowledgedOrders);
    expect(report.halfWritten).toEqual(Object.fromEntries(Object.keys(report.halfWritten).map((k) => [k, 0])));
    expect(report.duplicateReferences).toBe(0);
    expect(afterRestart.duplicateReferences).toBe(0);
    expect(afterRestart.halfWritten).toEqual(report.halfWritten);
  });
});

import { AddressInfo, connect, createServer, Socket } from 'node:net';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { withDatabase } from '../../src/database/database-launcher';
import { aFullCycle, Cycle, everythingAnAdminReads } from '../factories/cycle';
import { PURPOSE } from '../factories/orders';
import { World } from '../factories/world';
import { cloneTemplate, serverUrl, withServer } from '../support/test-database';
import { startAppOn } from '../support/test-app';

/**
 * DATABASE_REPLICA_URL: the report reads the replica, everything else the primary. The
 * "replica" here is a read-only copy frozen at one moment, so a report from it shows that
 * moment while the primary moves on, and any write sent to it would fail.
 */
describe('a read replica for the report', () => {
  it('serves the report from the replica while every write and every other read goes to the primary', async () => {
    const primary = await cloneTemplate();
    // Named like a per-file database, so global teardown removes it after an interrupted run.
    const replica = `t_${randomBytes(6).toString('hex')}`;
    let cycle: Cycle;
    let atCopy: Awaited<ReturnType<typeof everythingAnAdminReads>>;
    const first = await startAppOn(primary.url);
    try {
      cycle = await aFullCycle(new World(first));
      atCopy = await everythingAnAdminReads(new World(first), cycle.admin);
    } finally {
      await first.close();
    }
    await withServer(async (c) => {
      await c.query(`CREATE DATABASE ${replica} TEMPLATE ${primary.name}`);
      await c.query(`ALTER DATABASE ${replica} SET default_transaction_read_only = on`);
    });

    const app = await startAppOn(primary.url, { DATABASE_URL: primary.url, DATABASE_REPLICA_URL: withDatabase(serverUrl(), replica) });
    try {
      const w = new World(app);
      // A whole order through intake: its writes (and the facts kept in their transactions) reach the primary.
      let order = (
        await w
          .as(cycle.anna)
          .post('/api/v1/orders', {
            serviceId: cycle.serviceId,
            requesterUnitId: cycle.school.id,
            title: 'After the copy',
            purpose: PURPOSE,
            answers: { channel: 'digital' },
          })
          .expect(201)
      ).body;
      order = (await w.as(cycle.anna).post(`/api/v1/orders/${order.id}/submit`, { version: order.version }).expect(200)).body;
      expect(order.status).toBe('submitted');

      const now = await everythingAnAdminReads(w, cycle.admin);
      expect(now.orders).toHaveLength(atCopy.orders.length + 1);
      // The report is the replica's: as it was when the copy was taken.
      expect(now.report).toEqual(atCopy.report);
      // The primary's facts already count the new order.
      const [{ orders }] = await app.db.query(`SELECT count(*)::int AS orders FROM order_facts`);
      expect(orders).toBe(6);
      expect((now.report.service as { rows: Array<{ orders: number }> }).rows[0].orders).toBe(5);
    } finally {
      await app.close();
      await withServer((c) => c.query(`DROP DATABASE IF EXISTS ${replica} WITH (FORCE)`));
      await primary.drop();
    }
  });

  it('answers 503 for the report alone when the replica goes away, and the rest of the app works on', async () => {
    const primary = await cloneTemplate();
    // The replica's server, as the app sees it: a port that forwards to the test server until it is shut.
    const target = new URL(serverUrl());
    const sockets = new Set<Socket>();
    const replicaServer = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((ok) => replicaServer.listen(0, '127.0.0.1', ok));
    const replicaUrl = new URL(primary.url);
    replicaUrl.port = String((replicaServer.address() as AddressInfo).port);

    const app = await startAppOn(primary.url, { DATABASE_URL: primary.url, DATABASE_REPLICA_URL: replicaUrl.toString() });
    try {
      const w = new World(app);
      const admin = await w.anAdmin();
      await w.as(admin).get('/api/v1/reports/feedback-loop').expect(200);
      await new Promise<void>((ok) => {
        replicaServer.close(() => ok());
        for (const s of sockets) s.destroy();
      });

      const res = await w.as(admin).get('/api/v1/reports/feedback-loop');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      await w.as(admin).get('/api/v1/orders').expect(200);
      await request(app.http).get('/health/ready').expect(200);
    } finally {
      await app.close();
      replicaServer.close();
      await primary.drop();
    }
  });
});

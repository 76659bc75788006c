import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { EventDispatch, MAIL_ATTEMPTS } from '../../src/notifications/event-dispatch';
import { JobQueue } from '../../src/notifications/job-queue';
import { NotificationWorkers } from '../../src/notifications/notification-workers';
import { World } from '../factories/world';
import { startTestApp, TestApp } from '../support/test-app';

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a mail the SMTP server never takes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${await closedPort()}`, WORKERS: 'false' });
    await t.app.get(JobQueue).start(); // to enqueue the mail's job; no worker takes it, the test runs the handler
  });
  afterAll(() => t.close());

  it('stays pending while retries are left, and is marked failed with the last error on the last attempt', async () => {
    await t.db.transaction((m) =>
      t.app
        .get(EventDispatch)
        .queueMail(m, { eventId: null, userId: null, to: 'x@test.example', subject: 'Undeliverable', text: 't', html: 'h' }),
    );
    const [{ id }] = await t.db.query(`SELECT id FROM outbound_mails WHERE subject = 'Undeliverable'`);
    const workers = t.app.get(NotificationWorkers);
    await expect(workers.sendMail(id, 1)).rejects.toThrow();
    const status = async () => (await t.db.query(`SELECT status, error, attempts FROM outbound_mails WHERE id = $1`, [id]))[0];
    expect(await status()).toMatchObject({ status: 'pending', attempts: 1 });
    await expect(workers.sendMail(id, MAIL_ATTEMPTS)).rejects.toThrow();
    expect(await status()).toMatchObject({ status: 'failed', attempts: 2, error: expect.stringMatching(/ECONNREFUSED/) });

    const w = new World(t);
    const res = await w
      .as(await w.anAdmin())
      .get('/api/v1/admin/mails?limit=50')
      .expect(200);
    expect(res.body.items.find((m: { id: string }) => m.id === id)).toMatchObject({ status: 'failed', error: expect.any(String) });
  });
});

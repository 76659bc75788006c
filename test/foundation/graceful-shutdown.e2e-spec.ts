import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTestApp } from '../support/test-app';

/**
 * Shutdown stops accepting new connections but lets a request already in flight finish:
 * here a login whose body is still arriving when the application is asked to close.
 */
describe('graceful shutdown', () => {
  it('finishes an in-flight request before the server closes', async () => {
    const t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const body = JSON.stringify({ email: 'nobody@test.example', password: 'not-a-real-password' });

    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString()));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // Headers and half the body now; the rest after shutdown has begun.
    socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 100));

    let closed = false;
    const closing = t.app.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(closed).toBe(false); // still waiting for the request in flight

    socket.write(body.slice(10));
    await ended;
    await closing;
    expect(response).toMatch(/^HTTP\/1\.1 401 /);
    expect(closed).toBe(true);
    await t.close().catch(() => undefined); // the database is dropped; the app is already closed
  });
});

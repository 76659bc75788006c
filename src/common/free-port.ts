import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 nothing listens on right now: `preferred` when it is free, else any. */
export function freePort(preferred = 0): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((ok, fail) => {
      const server = createServer();
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => ok(typeof address === 'object' && address ? address.port : port));
      });
    });
  return tryPort(preferred).catch(() => tryPort(0));
}

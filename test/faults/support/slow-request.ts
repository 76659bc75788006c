import { connect } from 'node:net';

export interface SlowRequest {
  /** Sends the rest of the body. */
  finish(): void;
  /** The status and JSON body, or the socket error when no answer came. */
  answer: Promise<{ status: number; body: unknown } | { error: string }>;
}

/**
 * A request whose body arrives in two parts: the headers and half the body now, the rest on
 * `finish()`. Until then the server has it in flight, as with a client on a slow line.
 */
export async function slowRequest(port: number, method: string, path: string, token: string, body: unknown): Promise<SlowRequest> {
  const json = Buffer.from(JSON.stringify(body));
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  const answer = new Promise<{ status: number; body: unknown } | { error: string }>((resolve) => {
    socket.once('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    socket.once('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (!status) return resolve({ error: `no answer (${received.length} bytes)` });
      const text = received.slice(received.indexOf('\r\n\r\n') + 4);
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // chunked or not JSON: the status is what matters
      }
      resolve({ status: Number(status[1]), body: parsed });
    });
  });
  socket.write(
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${json.length}\r\nConnection: close\r\n\r\n`,
  );
  const half = Math.floor(json.length / 2);
  socket.write(json.subarray(0, half));
  return { finish: () => socket.write(json.subarray(half)), answer };
}

/** Whether a new TCP connection to the port is accepted. */
export function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

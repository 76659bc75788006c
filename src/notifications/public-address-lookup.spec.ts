import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch } from 'undici';
import { publicOnlyAgent, publicOnlyLookup } from './public-address-lookup';

describe('connecting to webhooks: the address reached is checked when the socket connects', () => {
  it('refuses a host name that resolves to a loopback address', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      publicOnlyLookup('localhost', { all: true }, (e) => resolve(e)),
    );
    expect(error).toMatchObject({ code: 'EPRIVATEADDRESS', message: expect.stringMatching(/localhost resolves to a loopback/) });
  });

  it('never sends a request through the agent to a receiver on this machine', async () => {
    let received = 0;
    const receiver = createServer((_req, res) => {
      received++;
      res.end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, 'localhost', resolve));
    const agent = publicOnlyAgent();
    try {
      const { port } = receiver.address() as AddressInfo;
      const error = await fetch(`http://localhost:${port}/hook`, { method: 'POST', body: '{}', dispatcher: agent }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe('EPRIVATEADDRESS');
      expect(received).toBe(0);
    } finally {
      await agent.close();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

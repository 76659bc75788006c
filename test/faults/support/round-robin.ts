import { Agent, createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import type { AppProcess } from './app-process';
import { freePort } from '../../../src/common/free-port';

/**
 * The smallest load balancer: each request goes to the next instance in turn, with the
 * client's address appended to X-Forwarded-For (as a real proxy does) and the instance's name
 * in `X-Served-By` on the answer, so a test can see where each request went.
 */
export class RoundRobin {
  readonly url: string;
  readonly served = new Map<string, number>();
  private next = 0;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32 });
  private readonly server: Server;

  private constructor(
    private readonly instances: AppProcess[],
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.server = createServer((req, res) => this.forward(req, res));
  }

  static async start(instances: AppProcess[]): Promise<RoundRobin> {
    const proxy = new RoundRobin(instances, await freePort());
    await new Promise<void>((resolve) => proxy.server.listen(proxy.port, '127.0.0.1', resolve));
    return proxy;
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const target = this.instances[this.next++ % this.instances.length];
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: `127.0.0.1:${target.port}`, 'x-forwarded-for': forwarded },
        agent: this.agent,
      },
      (answer) => {
        this.served.set(target.name, (this.served.get(target.name) ?? 0) + 1);
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-served-by': target.name });
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', 'x-served-by': target.name });
      res.end(`proxy: ${error.message}`);
    });
    req.pipe(upstream);
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

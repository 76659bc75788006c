import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from './problem-details.filter';

/**
 * The HTTP side of a graceful shutdown. Once `begin()` is called the listener closes (new
 * connections are refused), a request that still arrives over a kept-alive connection is
 * refused with 503 and Retry-After (nothing was done: a load balancer may send it elsewhere),
 * every answer closes its connection, and `begin()` resolves when the last request in flight
 * has been answered. Without it, kept-alive connections of a busy client keep the server open
 * until SHUTDOWN_TIMEOUT_MS cuts them off, and Nest's own close stops the job workers before
 * it stops listening.
 */
export class HttpDrain {
  private server: Server | null = null;
  private readonly inFlight = new Set<Response>();

  /** Mount first: it must see every request. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.server) {
      res.setHeader('Connection', 'close');
      sendProblem(req, res, {
        type: 'https://support-orders.example/problems/shutting-down',
        title: 'Service unavailable',
        status: 503,
        detail: 'This instance is shutting down and took nothing from this request; send it again.',
        retryAfterSeconds: 1,
      });
      return;
    }
    this.inFlight.add(res);
    res.once('close', () => {
      this.inFlight.delete(res);
      // An answer whose headers went out before the drain left its connection open: close it now that it is idle.
      if (this.server) setImmediate(() => this.server?.closeIdleConnections());
    });
    next();
  };

  begin(server: Server): Promise<void> {
    if (this.server) return Promise.resolve();
    this.server = server;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    return closed;
  }
}

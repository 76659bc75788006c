import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG, AppConfig, isLoopback, Secret } from '../config/app-config';
import { MetricsScrape } from './metrics-scrape';

export const METRICS_PATH = '/metrics';

/**
 * Serves a scrape to whoever shows the token (when one is configured). Plain text answers,
 * not problem+json: the path is outside /api, and Prometheus reads only the status.
 */
export function metricsHandler(scrape: MetricsScrape, token: Secret | null) {
  const expected = token ? digest(token.reveal()) : null;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (expected) {
      const [scheme, given] = (req.headers.authorization ?? '').split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !given || !timingSafeEqual(digest(given), expected)) {
        res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer realm="metrics"' });
        res.end('401 Unauthorized: send the metrics token as a bearer token\n');
        return;
      }
    }
    try {
      const { contentType, body } = await scrape.scrape();
      res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('503 Service Unavailable\n');
    }
  };
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Whether the main port serves /metrics: not when METRICS_PORT does; with METRICS_TOKEN always;
 * without it only outside production and only when HOST is a loopback address, so an open
 * scrape never reaches the network.
 */
export function servedOnMainPort(config: AppConfig): boolean {
  if (config.metrics.port !== null) return false;
  if (config.metrics.token !== null) return true;
  return config.env !== 'production' && isLoopback(config.host);
}

/** Mounts /metrics on the application's own port when the configuration says so (see `AppConfig.metrics`). */
export function mountMetrics(app: INestApplication, config: AppConfig): void {
  if (!servedOnMainPort(config)) {
    if (config.env !== 'production' && config.metrics.port === null) {
      new Logger('Metrics').warn(
        `/metrics is not served: HOST=${config.host} is reachable from the network and METRICS_TOKEN is unset (set it, or METRICS_PORT)`,
      );
    }
    return;
  }
  const handle = metricsHandler(app.get(MetricsScrape), config.metrics.token);
  app.use(
    METRICS_PATH,
    (req: IncomingMessage & { path?: string }, res: ServerResponse & { locals: Record<string, unknown> }, next: () => void) => {
      if ((req.path !== '/' && req.path !== '') || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      res.locals.metricsRoute = METRICS_PATH;
      void handle(req, res);
    },
  );
}

/**
 * METRICS_PORT: /metrics on a listener of its own, for an address a load balancer does not
 * expose. It runs in `npm run worker` too, so the job workers can be scraped.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | null = null;

  constructor(
    private readonly scrape: MetricsScrape,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The port it listens on (METRICS_PORT), or null when it does not run. */
  get port(): number | null {
    return this.server ? (this.server.address() as AddressInfo).port : null;
  }

  /** The address it listens on: HOST with a token, loopback without. */
  get address(): string | null {
    return this.server ? (this.server.address() as AddressInfo).address : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port } = this.config.metrics;
    if (port === null) return;
    const handle = metricsHandler(this.scrape, this.config.metrics.token);
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path === METRICS_PATH && (req.method === 'GET' || req.method === 'HEAD')) return void handle(req, res);
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 Not Found\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Without a token nothing guards it, so only this machine may ask (a local agent).
      server.listen(port, this.config.metrics.token ? this.config.host : '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics served on port ${port}${METRICS_PATH}`);
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

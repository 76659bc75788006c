import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { urlencoded } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { ProblemDetailsFilter, sendProblem } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation';
import { HttpDrain } from './common/http-drain';
import { warnOnUntrustedForwarding } from './common/untrusted-forwarding';
import { PageErrors } from './web/render/page-errors';
import { AppLogger, requestLogger } from './common/logging/logger';
import { AppMetrics } from './common/metrics/app-metrics';
import { httpMetrics } from './common/metrics/http-metrics';
import { mountMetrics } from './observability/metrics-endpoint';
import type { AppConfig } from './config/app-config';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { SessionService } from './identity/session.service';
import { signedInOnly } from './identity/access/signed-in-only';

/**
 * Builds the whole application; used by `main.ts` and by the end-to-end tests alike. `drain`
 * is how `main.ts` stops taking requests at shutdown.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: Logger,
  drain = new HttpDrain(),
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, logger), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(AppLogger));
  // Which peer's X-Forwarded-For/-Proto count decides req.ip (sign-in limits) and req.secure
  // (cookies, HSTS): TRUST_PROXY, loopback only unless configured.
  app.set('trust proxy', config.trustProxy);
  app.use(warnOnUntrustedForwarding(logger));
  app.disable('x-powered-by');
  app.use(requestLogger(logger));
  app.use(drain.middleware);
  const metrics = app.get(AppMetrics);
  app.use(httpMetrics(metrics.httpRequests, metrics.httpDuration));
  app.use(securityHeaders(config));
  mountMetrics(app, config);
  app.use(noStoreByDefault);
  app.use(jsonOnlyForApi);
  app.useBodyParser('json', { limit: config.bodyLimit, type: ['application/json', 'application/*+json'] });
  // Form posts are for the web pages, which check a CSRF token; the API takes JSON only, so a
  // cross-site form can never reach it (login CSRF).
  const forms = urlencoded({ limit: config.bodyLimit, extended: false });
  app.use((req: Request, res: Response, next: NextFunction) => (isApi(req) ? next() : forms(req, res, next)));
  app.use(cookieParser());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(app.get(PageErrors)));
  mountOpenApi(app, config);
  return app;
}

// Express matches routes without regard to case, so `/API/v1/…` reaches the same controllers:
// the prefix checks must not be case-sensitive either.
const isApi = (req: Request): boolean => /^\/api(?:\/|$)/i.test(req.path);
const isApiDocs = (req: Request): boolean => /^\/api\/docs/i.test(req.path);

/**
 * helmet's headers, with a Content-Security-Policy for server-rendered pages that load only
 * their own scripts and styles. Swagger UI at /api/docs needs inline styles. HSTS only on
 * responses to requests that came over TLS (through the trusted proxy): over plain HTTP it
 * means nothing, and a local start over http://localhost must not pin TLS for that host.
 */
function securityHeaders(config: AppConfig): RequestHandler {
  const formAction = ["'self'", ...(config.oidc ? [new URL(config.oidc.issuer).origin] : [])];
  const directives = {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    formAction, // a sign-in button may post to single sign-on, which redirects to the provider
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    upgradeInsecureRequests: null,
  };
  const common = { frameguard: { action: 'deny' as const }, strictTransportSecurity: false };
  const pages = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives } });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] } },
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 365 * 24 * 3600, includeSubDomains: true });
  return (req, res, next) => {
    const headers = isApiDocs(req) ? docs : pages;
    headers(req, res, (error?: unknown) => {
      if (error || !req.secure) return next(error);
      hsts(req, res, next);
    });
  };
}

/**
 * Every answer is `no-store` unless its route says otherwise: API answers carry personal data
 * (and the sign-in answer a token), pages and downloads (the report's CSV) personal or unit
 * data, and redirects and error pages are no business of a cache either. The fingerprinted
 * assets set their own caching, and so does Swagger UI at /api/docs.
 */
function noStoreByDefault(req: Request, res: Response, next: NextFunction): void {
  if (!isApiDocs(req)) res.setHeader('Cache-Control', 'no-store');
  next();
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/** The one /api route that takes no JSON: the attachment upload, streamed from multipart/form-data. */
const ATTACHMENT_UPLOAD = /^\/api\/v1\/orders\/[^/]+\/attachments\/?$/i;

/** …and mail in, the raw mail (message/rfc822) an MTA pipes to it. */
const INBOUND_MAIL = /^\/api\/v1\/inbound\/mail\/?$/i;

/** `/api` takes JSON bodies only: anything else is 415 before a parser or route sees it (the attachment upload takes multipart, mail in message/rfc822). */
function jsonOnlyForApi(req: Request, res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!isApi(req) || !hasBody || JSON_MEDIA_TYPE.test(mediaType)) return next();
  if (mediaType === 'multipart/form-data' && req.method === 'POST' && ATTACHMENT_UPLOAD.test(req.path)) return next();
  if (mediaType === 'message/rfc822' && req.method === 'POST' && INBOUND_MAIL.test(req.path)) return next();
  sendProblem(req, res, {
    type: 'https://support-orders.example/problems/unsupported-media-type',
    title: 'Unsupported media type',
    status: 415,
    detail: 'The API takes JSON bodies only: send Content-Type: application/json.',
  });
}

/**
 * The document is built once, at start, from the same function `npm run openapi` uses. It
 * lists every route, the admin ones included: in production only signed-in people may read it
 * (or load Swagger UI, whose script carries it); elsewhere it is open.
 */
function mountOpenApi(app: INestApplication, config: AppConfig): void {
  if (config.env === 'production') {
    const gate = signedInOnly(app.get(SessionService), config);
    app.use((req: Request, res: Response, next: NextFunction) => (isApiDocs(req) ? gate(req, res, next) : next()));
  }
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger as NestPinoLogger, Params, PinoLogger } from 'nestjs-pino';
import pino, { Logger } from 'pino';
import { Options, pinoHttp } from 'pino-http';
import type { AppConfig } from '../../config/app-config';

/** Structured JSON logs (pretty in a development terminal); secrets are redacted by path. */
export function createRootLogger(config: Pick<AppConfig, 'log'>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.log.level,
    redact: {
      // Secrets by name at the top and one level down (pino's wildcards do not recurse).
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        ...['password', 'token', 'secret', 'csrfToken'].flatMap((key) => [key, `*.${key}`]),
      ],
      censor: '[redacted]',
    },
    transport:
      config.log.pretty && !destination ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'HH:MM:ss' } } : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The field every line logged while serving a request, or running a job it caused, carries. */
export const REQUEST_ID_FIELD = 'requestId';

/**
 * pino-http's options: a request id taken from `X-Request-Id` or made up, echoed back, and
 * bound as `requestId` to every line logged while serving the request. A fresh object each
 * call: pino-http takes some of its fields out of the object it is given.
 */
function requestLogOptions(logger: Logger): Options {
  return {
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Lines logged inside a request carry the id alone; the completion line also has req and res.
    quietReqLogger: true,
    customAttributeKeys: { reqId: REQUEST_ID_FIELD },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // Probes and scrapes come every few seconds: their lines would drown the rest.
    autoLogging: { ignore: (req) => /^\/(?:health|metrics)(?:\/|$|\?)/.test(req.url ?? '') },
  };
}

/**
 * The request logging middleware. It is mounted by `createApp` before every other middleware
 * (so even a 415 answered there is logged and carries its id); nestjs-pino, told to use it
 * (`useExisting`), binds its logger to the request's async context for Nest's logger.
 */
export function requestLogger(logger: Logger) {
  return pinoHttp(requestLogOptions(logger));
}

/** nestjs-pino's `LoggerModule` parameters over the application's root logger. */
export function loggerModuleParams(logger: Logger): Params {
  return { pinoHttp: requestLogOptions(logger), useExisting: true };
}

/** Start-up chatter from the framework (every module and route it wires) is debug, not info. */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's logger through pino (nestjs-pino), with the framework's start-up lines at debug. */
@Injectable()
export class AppLogger extends NestPinoLogger {
  override log(message: unknown, ...params: unknown[]): void {
    const context = params[params.length - 1];
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context)) super.debug(message, ...params);
    else super.log(message, ...params);
  }
}

/**
 * The request id of the work in hand, as the log context carries it: the HTTP request being
 * served, or the request that caused the job being run. Jobs enqueued get it in their data, so
 * a worker's lines for them carry it too (`runAs`).
 */
@Injectable()
export class RequestContext {
  constructor(private readonly pino: PinoLogger) {}

  get requestId(): string | null {
    const id: unknown = this.pino.logger.bindings()[REQUEST_ID_FIELD];
    return typeof id === 'string' ? id : null;
  }

  /** Runs `work` with its log lines (and the jobs it enqueues) carrying `requestId`, when there is one. */
  runAs<T>(requestId: string | null | undefined, work: () => Promise<T>): Promise<T> {
    if (!requestId) return work();
    return this.pino.runInContext(work, { bindings: { [REQUEST_ID_FIELD]: requestId } });
  }
}

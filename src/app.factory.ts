import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation';
import { PageErrors } from './web/render/page-errors';
import { PinoNestLogger, requestLogger } from './common/logging/logger';
import type { AppConfig } from './config/app-config';

/** Builds the whole application; used by `main.ts` and by the end-to-end tests alike. */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(requestLogger(logger));
  app.use(securityHeaders);
  app.useBodyParser('json', { limit: config.bodyLimit, type: ['application/json', 'application/*+json'] });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.use(cookieParser());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(app.get(PageErrors)));
  mountOpenApi(app);
  return app;
}

/** Conservative defaults for every response; the API serves JSON and a few self-contained pages. */
function securityHeaders(_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  next();
}

function mountOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Support orders API')
      .setDescription('Order → deliver → influence the next order. Errors are RFC 9457 problem details.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

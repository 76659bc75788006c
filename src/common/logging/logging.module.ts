import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppLogger, loggerModuleParams, RequestContext } from './logger';

/** Logging is infrastructure: one pino logger for Nest, requests and jobs alike. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot(loggerModuleParams(logger))],
      providers: [AppLogger, RequestContext],
      exports: [AppLogger, RequestContext],
    };
  }
}

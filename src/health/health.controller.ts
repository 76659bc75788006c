import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../identity/access/access.decorators';
import { HealthStatusResponse } from './health.responses';

/**
 * Liveness and readiness through @nestjs/terminus. The answers keep the contract's shape
 * (API.md): `{ "status": "ok" }`, and a 503 problem+json when the database does not answer,
 * rather than terminus' own `{ status, info, error, details }` bodies.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Public()
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ type: HealthStatusResponse, description: 'The process runs.' })
  async live(): Promise<HealthStatusResponse> {
    await this.health.check([]);
    return { status: 'ok' };
  }

  /** Ready when the database answers; the pool reconnects by itself once it is back. */
  @Public()
  @Get('ready')
  @ApiOkResponse({ type: HealthStatusResponse, description: 'The database answers.' })
  async ready(): Promise<HealthStatusResponse> {
    try {
      await this.health.check([() => this.database.pingCheck('database', { timeout: 2000 })]);
      return { status: 'ok' };
    } catch {
      throw new ServiceUnavailableException('The database does not answer.');
    }
  }
}

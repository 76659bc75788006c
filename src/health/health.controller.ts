import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../identity/access/access.decorators';
import { HealthStatusResponse } from './health.responses';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  @Public()
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ type: HealthStatusResponse, description: 'The process runs.' })
  live(): HealthStatusResponse {
    return { status: 'ok' };
  }

  /** Ready when the database answers; the pool reconnects by itself once it is back. */
  @Public()
  @Get('ready')
  @ApiOkResponse({ type: HealthStatusResponse, description: 'The database answers.' })
  async ready(): Promise<HealthStatusResponse> {
    try {
      await withTimeout(this.db.query('SELECT 1'), 2000);
      return { status: 'ok' };
    } catch {
      throw new ServiceUnavailableException('The database does not answer.');
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

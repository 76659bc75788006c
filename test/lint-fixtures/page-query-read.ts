import { Controller, Get, Query, Req } from '@nestjs/common';
import type { Request } from 'express';

@Controller('fixture')
export class FixtureController {
  @Get()
  show(@Query('done') done: string, @Req() req: Request): string {
    return `${done}${String(req.query.next)}`;
  }
}

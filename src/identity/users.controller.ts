import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRole } from './access/access.decorators';
import type { Actor } from './access/actor';
import { CreateUserDto, SsoLinkDto, UpdateUserDto } from './identity.dto';
import { UsersService } from './users.service';

@ApiTags('identity')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list() {
    return { items: await this.users.list(), nextCursor: null };
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }

  /** Links a single sign-on identity to the account (when SSO answered 409 "ask an admin"). */
  @Post(':id/sso-link')
  @HttpCode(200)
  linkSso(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: SsoLinkDto) {
    return this.users.linkSso(actor, id, dto.issuer, dto.subject);
  }
}

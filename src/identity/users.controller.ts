import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { UuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page } from '../common/page';
import { CurrentActor, RequireRole } from './access/access.decorators';
import type { Actor } from './access/actor';
import { CreateUserDto, SsoLinkDto, UpdateUserDto } from './identity.dto';
import { UserPage, UserResponse } from './identity.responses';
import { UsersService } from './users.service';

@ApiTags('identity')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserPage, description: 'Every user by email, on one page.' })
  async list(): Promise<Page<UserResponse>> {
    return { items: await this.users.list(), nextCursor: null };
  }

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserResponse })
  update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }

  /** Links a single sign-on identity to the account (when SSO answered 409 "ask an admin"). */
  @Post(':id/sso-link')
  @HttpCode(200)
  @ApiOkResponse({ type: UserResponse })
  linkSso(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: SsoLinkDto) {
    return this.users.linkSso(actor, id, dto.issuer, dto.subject);
  }
}

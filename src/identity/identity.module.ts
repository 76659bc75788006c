import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { EventsModule } from '../events/events.module';
import { AccessGuard } from './access/access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { IdentityFacade } from './identity.facade';
import { LoginThrottle } from './login-throttle';
import { SessionPurge } from './session-purge';
import { SessionService } from './session.service';
import { SsoController } from './sso/sso.controller';
import { SsoService } from './sso/sso.service';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { WriteLimits } from './write-limits';
import { IdentityPersonalData } from './identity-personal-data';

@Global()
@Module({
  imports: [EventsModule],
  controllers: [AuthController, UnitsController, UsersController, SsoController],
  providers: [
    IdentityPersonalData,
    SessionService,
    SessionPurge,
    AuthService,
    LoginThrottle,
    UnitsService,
    UsersService,
    SsoService,
    WriteLimits,
    IdentityFacade,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [IdentityPersonalData, SessionService, AuthService, UnitsService, UsersService, WriteLimits, IdentityFacade, SessionPurge],
})
export class IdentityModule {}

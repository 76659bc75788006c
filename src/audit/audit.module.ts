import { Global, Module } from '@nestjs/common';
import { AuditPersonalData } from './audit-personal-data';
import { AuditService } from './audit.service';

@Global()
@Module({ providers: [AuditService, AuditPersonalData], exports: [AuditService] })
export class AuditModule {}

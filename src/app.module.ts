import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { AuditModule } from './audit/audit.module';
import { LoggingModule } from './common/logging/logging.module';
import { AppMetricsModule } from './common/metrics/app-metrics';
import { ObservabilityModule } from './observability/observability.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { CatalogModule } from './catalog/catalog.module';
import { FilesModule } from './files/files.module';
import { HealthModule } from './health/health.module';
import { InsightsModule } from './insights/insights.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrdersModule } from './orders/orders.module';
import { RetrospectivesModule } from './retrospectives/retrospectives.module';
import { WebModule } from './web/web.module';
import { WorkspaceModule } from './workspace/workspace.module';
import { DelivererPagesModule } from './web/deliverer/deliverer-pages.module';
import { ManagersPagesModule } from './web/managers/managers-pages.module';
import { NotificationsPagesModule } from './web/notifications/notifications-pages.module';
import { VoicePagesModule } from './web/voice/voice-pages.module';
import { IdentityModule } from './identity/identity.module';
import { InboundModule } from './inbound/inbound.module';
import { PersonalDataModule } from './privacy/personal-data';
import { PrivacyModule } from './privacy/privacy.module';
import { PrivacyPagesModule } from './web/privacy/privacy-pages.module';
import { IdeasModule } from './ideas/ideas.module';
import { PanelsModule } from './panels/panels.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        AppMetricsModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, { replicaUrl: config.databaseReplicaUrl }),
          migrationsRun: config.migrationsRun,
        }),
        PersonalDataModule,
        AuditModule,
        HealthModule,
        IdentityModule,
        CatalogModule,
        OrdersModule,
        FilesModule,
        RetrospectivesModule,
        IdeasModule,
        PanelsModule,
        InsightsModule,
        NotificationsModule,
        WorkspaceModule,
        InboundModule,
        PrivacyModule,
        ObservabilityModule,
        WebModule,
        DelivererPagesModule,
        ManagersPagesModule,
        NotificationsPagesModule,
        PrivacyPagesModule,
        VoicePagesModule,
      ],
    };
  }
}

import { Module } from '@nestjs/common';
import { IdeasModule } from '../../ideas/ideas.module';
import { CatalogModule } from '../../catalog/catalog.module';
import { IdentityModule } from '../../identity/identity.module';
import { PanelsModule } from '../../panels/panels.module';
import { InsightsModule } from '../../insights/insights.module';
import { OrdersModule } from '../../orders/orders.module';
import { RecommendationsModule } from '../../retrospectives/recommendations.module';
import { RetrospectivesModule } from '../../retrospectives/retrospectives.module';
import { WebModule } from '../web.module';
import { AccessibilityController } from './accessibility.controller';
import { FiguresController } from './figures.controller';
import { LoopNextController } from './loop-next.controller';
import { ReportController } from './report.controller';

/** Managers' pages (the feedback loop reviewed), the open figures for all staff, and the accessibility statement. */
@Module({
  imports: [
    WebModule,
    CatalogModule,
    InsightsModule,
    OrdersModule,
    IdentityModule,
    RecommendationsModule,
    RetrospectivesModule,
    IdeasModule,
    PanelsModule,
  ],
  controllers: [ReportController, LoopNextController, FiguresController, AccessibilityController],
})
export class ManagersPagesModule {}

import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { EventsModule } from '../events/events.module';
import { IdeasModule } from '../ideas/ideas.module';
import { PanelsModule } from '../panels/panels.module';
import { businessCalendarProvider } from '../orders/business-calendar';
import { FeedbackLoopReportService } from './feedback-loop-report.service';
import { InsightsController } from './insights.controller';
import { LoopPatternsService } from './loop-patterns.service';
import { OrderFactsService } from './order-facts.service';
import { OpenFiguresController } from './open-figures.controller';
import { OpenFiguresService } from './open-figures.service';
import { UnitCostsController } from './unit-costs.controller';
import { UnitCostsService } from './unit-costs.service';

/** Keeps the report's facts current as an in-transaction subscriber of the order events. */
@Module({
  imports: [EventsModule, IdeasModule, PanelsModule, CatalogModule],
  controllers: [InsightsController, UnitCostsController, OpenFiguresController],
  providers: [
    businessCalendarProvider,
    OrderFactsService,
    FeedbackLoopReportService,
    UnitCostsService,
    OpenFiguresService,
    LoopPatternsService,
  ],
  exports: [FeedbackLoopReportService, UnitCostsService, OpenFiguresService, LoopPatternsService],
})
export class InsightsModule {}

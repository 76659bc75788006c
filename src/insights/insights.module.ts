import { Global, Module } from '@nestjs/common';
import { businessCalendarProvider } from '../orders/business-calendar';
import { ORDER_FACTS } from '../orders/order-facts.port';
import { FeedbackLoopReportService } from './feedback-loop-report.service';
import { InsightsController } from './insights.controller';
import { OrderFactsService } from './order-facts.service';

/** Global so that orders and retrospectives can keep the report's facts current without importing it. */
@Global()
@Module({
  controllers: [InsightsController],
  providers: [
    businessCalendarProvider,
    OrderFactsService,
    { provide: ORDER_FACTS, useExisting: OrderFactsService },
    FeedbackLoopReportService,
  ],
  exports: [ORDER_FACTS],
})
export class InsightsModule {}

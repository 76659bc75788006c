import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { businessCalendarProvider } from '../orders/business-calendar';
import { FeedbackLoopReportService } from './feedback-loop-report.service';
import { InsightsController } from './insights.controller';
import { OrderFactsService } from './order-facts.service';

/** Keeps the report's facts current as an in-transaction subscriber of the order events. */
@Module({
  imports: [EventsModule],
  controllers: [InsightsController],
  providers: [businessCalendarProvider, OrderFactsService, FeedbackLoopReportService],
  exports: [FeedbackLoopReportService],
})
export class InsightsModule {}

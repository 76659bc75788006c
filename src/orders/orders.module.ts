import { BulkActions } from './bulk-actions.service';
import { WorkloadReadModel } from './workload.read-model';
import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { EventsModule } from '../events/events.module';
import { FileLinksModule } from '../files/file-links.module';
import { RecommendationsModule } from '../retrospectives/recommendations.module';
import { AssignmentsRelease } from './assignments-release';
import { businessCalendarProvider } from './business-calendar';
import { ChangeRequestsService } from './change-requests.service';
import { ConsultationService } from './consultation.service';
import { DeliveryService } from './delivery.service';
import { EffortController } from './effort.controller';
import { EffortService } from './effort.service';
import { IntakeService } from './intake.service';
import { OrderQueries } from './order-queries.service';
import { OrderTransitions } from './order-transitions.service';
import { OrderViews } from './order-views.service';
import { OrdersController } from './orders.controller';
import { OrdersFacade } from './orders.facade';
import { OrdersPersonalData } from './orders-personal-data';

@Module({
  imports: [CatalogModule, RecommendationsModule, EventsModule, FileLinksModule],
  controllers: [OrdersController, EffortController],
  providers: [
    OrdersPersonalData,
    businessCalendarProvider,
    OrderTransitions,
    OrderViews,
    OrderQueries,
    IntakeService,
    ConsultationService,
    DeliveryService,
    ChangeRequestsService,
    OrdersFacade,
    AssignmentsRelease,
    EffortService,
    BulkActions,
    WorkloadReadModel,
  ],
  // The web pages call the same services as the API.
  exports: [
    OrdersPersonalData,
    OrderTransitions,
    OrderViews,
    DeliveryService,
    OrderQueries,
    IntakeService,
    ConsultationService,
    ChangeRequestsService,
    OrdersFacade,
    EffortService,
    BulkActions,
    WorkloadReadModel,
  ],
})
export class OrdersModule {}

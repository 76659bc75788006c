import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/catalog.module';
import { OrdersModule } from '../../orders/orders.module';
import { RetrospectivesModule } from '../../retrospectives/retrospectives.module';
import { WebModule } from '../web.module';
import { DelivererActionsController } from './deliverer-actions.controller';
import { DelivererFormsController } from './deliverer-forms.controller';
import { DelivererOrderController } from './deliverer-order.controller';
import { DelivererPanels } from './deliverer-panel';
import { OrderNames } from './order-names';
import { QueueController } from './queue.controller';

/** The delivering side's pages: the queue, its part of the order page, and its forms. */
@Module({
  imports: [WebModule, OrdersModule, RetrospectivesModule, CatalogModule],
  controllers: [QueueController, DelivererOrderController, DelivererActionsController, DelivererFormsController],
  providers: [DelivererPanels, OrderNames],
  exports: [DelivererPanels, OrderNames],
})
export class DelivererPagesModule {}

import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/catalog.module';
import { OrdersModule } from '../../orders/orders.module';
import { RetrospectivesModule } from '../../retrospectives/retrospectives.module';
import { WebModule } from '../web.module';
import { WorkspaceModule } from '../../workspace/workspace.module';
import { DelivererActionsController } from './deliverer-actions.controller';
import { DelivererFormsController } from './deliverer-forms.controller';
import { OrderNames } from './order-names';
import { QueueController } from './queue.controller';

/**
 * The delivering side's pages: the queue, the one-button actions and the forms. Its part of the
 * order page (DelivererPanels, views/deliverer/order-actions.njk) is rendered by WebModule's OrderPage.
 */
@Module({
  imports: [WebModule, OrdersModule, RetrospectivesModule, CatalogModule, WorkspaceModule],
  controllers: [QueueController, DelivererActionsController, DelivererFormsController],
  providers: [OrderNames],
})
export class DelivererPagesModule {}

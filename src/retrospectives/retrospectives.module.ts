import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { EventsModule } from '../events/events.module';
import { FileLinksModule } from '../files/file-links.module';
import { OrdersModule } from '../orders/orders.module';
import { RecommendationsModule } from './recommendations.module';
import { RetrospectivesController } from './retrospectives.controller';
import { RetrospectivesService } from './retrospectives.service';
import { RetrospectivesPersonalData } from './retrospectives-personal-data';

@Module({
  imports: [OrdersModule, CatalogModule, RecommendationsModule, EventsModule, FileLinksModule],
  controllers: [RetrospectivesController],
  providers: [RetrospectivesPersonalData, RetrospectivesService],
  exports: [RetrospectivesService],
})
export class RetrospectivesModule {}

import { IdeasPersonalData } from './ideas-personal-data';
import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { EventsModule } from '../events/events.module';
import { IdeasController } from './ideas.controller';
import { IdeasFacade } from './ideas.facade';
import { IdeasService } from './ideas.service';

/** Ideas for support units: raised, supported, answered, linked to what they changed. */
@Module({
  imports: [EventsModule, CatalogModule],
  controllers: [IdeasController],
  providers: [IdeasPersonalData, IdeasService, IdeasFacade],
  exports: [IdeasService, IdeasFacade],
})
export class IdeasModule {}

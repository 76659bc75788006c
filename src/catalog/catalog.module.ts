import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { ServiceNotesService } from './service-notes.service';

@Module({
  controllers: [CatalogController],
  providers: [CatalogService, ServiceNotesService],
  exports: [CatalogService, ServiceNotesService],
})
export class CatalogModule {}

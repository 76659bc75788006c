import { PanelsPersonalData } from './panels-personal-data';
import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { PanelsController } from './panels.controller';
import { PanelsFacade } from './panels.facade';
import { PanelsService } from './panels.service';

/** Customer panels and their surveys, built with the catalog's (pure) questionnaire engine. */
@Module({
  imports: [EventsModule],
  controllers: [PanelsController],
  providers: [PanelsPersonalData, PanelsService, PanelsFacade],
  exports: [PanelsService, PanelsFacade],
})
export class PanelsModule {}

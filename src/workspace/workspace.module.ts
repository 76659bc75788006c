import { WorkspacePersonalData } from './workspace-personal-data';
import { Module } from '@nestjs/common';
import { SavedViewsController } from './saved-views.controller';
import { SavedViews } from './saved-views.service';

/** The support units' working day: saved queue views (the queue itself reads the orders module). */
@Module({
  controllers: [SavedViewsController],
  providers: [WorkspacePersonalData, SavedViews],
  exports: [SavedViews],
})
export class WorkspaceModule {}

import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/catalog.module';
import { IdeasModule } from '../../ideas/ideas.module';
import { IdentityModule } from '../../identity/identity.module';
import { PanelsModule } from '../../panels/panels.module';
import { WebModule } from '../web.module';
import { IdeasPagesController } from './ideas-pages.controller';
import { PanelsPagesController } from './panels-pages.controller';

/** The customers' voice in the pages: ideas for everyone, panels for managers, surveys for their members. */
@Module({
  imports: [WebModule, IdeasModule, PanelsModule, CatalogModule, IdentityModule],
  controllers: [IdeasPagesController, PanelsPagesController],
})
export class VoicePagesModule {}

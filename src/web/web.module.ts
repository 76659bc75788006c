import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { FilesModule } from '../files/files.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrdersModule } from '../orders/orders.module';
import { PanelsModule } from '../panels/panels.module';
import { FilesPagesController } from './files/files-pages.controller';
import { RecommendationsModule } from '../retrospectives/recommendations.module';
import { RetrospectivesModule } from '../retrospectives/retrospectives.module';
import { LanguageController } from './account/language.controller';
import { SessionsController } from './account/sessions.controller';
import { SignInController } from './account/sign-in.controller';
import { AssetsController } from './assets/assets.controller';
import { AssetsService } from './assets/assets.service';
import { AdminController } from './admin/admin.controller';
import { CatalogDesignController } from './catalog-design/catalog-design.controller';
import { DelivererPanels } from './deliverer/deliverer-panel';
import { HomeController } from './home.controller';
import { OrderPage } from './orders/order-page';
import { OrderPageController } from './orders/order-page.controller';
import { ConversationController } from './orders/conversation.controller';
import { IntakeController } from './requester/intake.controller';
import { RequesterOrderActionsController } from './requester/order-actions.controller';
import { PageErrors } from './render/page-errors';
import { PageRenderer } from './render/page-renderer';

/**
 * Server-rendered pages over the same services as the API. Shared pieces: the layout and
 * renderer (render/), translations (i18n/), forms and CSRF (http/); pages by role in
 * requester/ and deliverer/, templates in views/.
 */
@Module({
  imports: [CatalogModule, OrdersModule, RecommendationsModule, RetrospectivesModule, FilesModule, NotificationsModule, PanelsModule],
  controllers: [
    AssetsController,
    HomeController,
    SignInController,
    LanguageController,
    SessionsController,
    IntakeController,
    OrderPageController,
    ConversationController,
    FilesPagesController,
    RequesterOrderActionsController,
    CatalogDesignController,
    AdminController,
  ],
  providers: [AssetsService, PageRenderer, PageErrors, OrderPage, DelivererPanels],
  exports: [PageRenderer, PageErrors, OrderPage],
})
export class WebModule {}

import { Module } from '@nestjs/common';
import { LanguageController } from './account/language.controller';
import { SessionsController } from './account/sessions.controller';
import { SignInController } from './account/sign-in.controller';
import { AssetsController } from './assets/assets.controller';
import { AssetsService } from './assets/assets.service';
import { HomeController } from './home.controller';
import { PageErrors } from './render/page-errors';
import { PageRenderer } from './render/page-renderer';

/**
 * Server-rendered pages over the same services as the API. Shared pieces: the layout and
 * renderer (render/), translations (i18n/), forms and CSRF (http/); pages by role in
 * requester/ and deliverer/, templates in views/.
 */
@Module({
  controllers: [AssetsController, HomeController, SignInController, LanguageController, SessionsController],
  providers: [AssetsService, PageRenderer, PageErrors],
  exports: [PageRenderer, PageErrors],
})
export class WebModule {}

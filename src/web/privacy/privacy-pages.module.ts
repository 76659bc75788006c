import { Module } from '@nestjs/common';
import { PrivacyModule } from '../../privacy/privacy.module';
import { WebModule } from '../web.module';
import { UserPrivacyPageController, YourDataPageController } from './privacy-pages.controller';

/** "Your data" in the account, and an admin's export and erasure of a person. */
@Module({
  imports: [WebModule, PrivacyModule],
  controllers: [YourDataPageController, UserPrivacyPageController],
})
export class PrivacyPagesModule {}

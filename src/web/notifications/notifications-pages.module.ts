import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { NotificationsModule } from '../../notifications/notifications.module';
import { WebModule } from '../web.module';
import { NotificationsPagesController, NotificationPreferencesPageController } from './notifications-pages.controller';
import { UnreadCountInterceptor } from './unread-count.interceptor';

/** Notifications in the page: the header's unread count, the list, and the user's preferences. */
@Module({
  imports: [WebModule, NotificationsModule],
  controllers: [NotificationsPagesController, NotificationPreferencesPageController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: UnreadCountInterceptor }],
})
export class NotificationsPagesModule {}

import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { IdeasModule } from '../ideas/ideas.module';
import { OrdersModule } from '../orders/orders.module';
import { RecommendationsModule } from '../retrospectives/recommendations.module';
import { DeliveryBreakers } from './delivery-breakers';
import { DeliveryStatus } from './delivery-status';
import { EventDispatch } from './event-dispatch';
import { InboxService } from './inbox.service';
import { JobQueue } from './job-queue';
import { MailQueue } from './mail-queue';
import { Mailer } from './mailer';
import { NotificationWorkers } from './notification-workers';
import { AdminMailsController, NotificationsController, WebhooksController } from './notifications.controller';
import { PreferencesService } from './preferences.service';
import { ScheduledWork } from './scheduled-work';
import { WebhookSender } from './webhook-sender';
import { WebhooksService } from './webhooks.service';
import { NotificationsPersonalData } from './notifications-personal-data';
import { PrivacyModule } from '../privacy/privacy.module';

/** Everything after the commit: the outbox relay, jobs, mail, in-app notifications, webhooks. */
@Module({
  imports: [EventsModule, OrdersModule, RecommendationsModule, PrivacyModule, IdeasModule],
  controllers: [NotificationsController, WebhooksController, AdminMailsController],
  providers: [
    NotificationsPersonalData,
    JobQueue,
    Mailer,
    DeliveryBreakers,
    MailQueue,
    DeliveryStatus,
    PreferencesService,
    EventDispatch,
    InboxService,
    WebhooksService,
    WebhookSender,
    ScheduledWork,
    NotificationWorkers,
  ],
  // EventDispatch.queueMail: mail in answers its senders through the same mail queue.
  exports: [JobQueue, InboxService, PreferencesService, DeliveryStatus, EventDispatch],
})
export class NotificationsModule {}

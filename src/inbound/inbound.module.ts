import { InboundPersonalData } from './inbound-personal-data';
import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { FilesModule } from '../files/files.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrdersModule } from '../orders/orders.module';
import { ImapPoller } from './imap-poller';
import { InboundMailCleanup } from './inbound-mail-cleanup';
import { InboundMailController } from './inbound-mail.controller';
import { InboundMailService } from './inbound-mail.service';

/**
 * Mail in: the HTTP route an MTA pipes to and the IMAP poller of the workers, both handing each
 * mail to `InboundMailService`, which acts through the orders, catalog, files and identity facades.
 */
@Module({
  imports: [OrdersModule, CatalogModule, FilesModule, NotificationsModule],
  controllers: [InboundMailController],
  providers: [InboundPersonalData, InboundMailService, ImapPoller, InboundMailCleanup],
  exports: [InboundMailService, ImapPoller, InboundMailCleanup],
})
export class InboundModule {}

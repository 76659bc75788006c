import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { FilesModule } from '../files/files.module';
import { OrdersModule } from '../orders/orders.module';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';
import { RetentionService } from './retention.service';

/**
 * Export, erasure and retention (issue 27). It reads and writes no table of its own: each
 * module that holds personal data registers a holder (`personal-data.ts`) and answers for its tables.
 */
@Module({
  imports: [OrdersModule, CatalogModule, FilesModule],
  controllers: [PrivacyController],
  providers: [PrivacyService, RetentionService],
  exports: [PrivacyService, RetentionService],
})
export class PrivacyModule {}

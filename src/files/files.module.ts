import { Inject, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsModule } from '../events/events.module';
import { OrdersModule } from '../orders/orders.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { FILE_STORE, FileStore } from './file-store';
import { FileLinksModule } from './file-links.module';
import { FilesCleanup } from './files-cleanup';
import { LocalFileStore } from './local-file-store';
import { S3FileStore } from './s3-file-store';
import { FilesPersonalData } from './files-personal-data';

/** The store the configuration names: S3-compatible with S3_BUCKET, else the local disk under DATA_DIR/files. */
export function fileStoreFor(config: AppConfig): FileStore {
  return config.files.s3 ? new S3FileStore(config.files.s3) : new LocalFileStore(join(config.dataDir, 'files'));
}

/** Attachments on orders: the upload and download routes, the file store and its cleanup. */
@Module({
  imports: [OrdersModule, EventsModule, FileLinksModule],
  controllers: [AttachmentsController],
  providers: [FilesPersonalData, { provide: FILE_STORE, inject: [APP_CONFIG], useFactory: fileStoreFor }, AttachmentsService, FilesCleanup],
  exports: [FilesPersonalData, AttachmentsService, FilesCleanup, FILE_STORE],
})
export class FilesModule implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(FILE_STORE) private readonly store: FileStore) {}

  async onModuleInit(): Promise<void> {
    await this.store.init();
  }

  onModuleDestroy(): void {
    if (this.store instanceof S3FileStore) this.store.destroy();
  }
}

import { Module } from '@nestjs/common';
import { FilesFacade } from './files.facade';

/**
 * What the orders and retrospectives modules use of files: linking their messages, deliveries,
 * change requests and retrospectives to files of the order. Apart from `FilesModule`, which
 * uses the orders facade, so that neither imports the other in a circle.
 */
@Module({
  providers: [FilesFacade],
  exports: [FilesFacade],
})
export class FileLinksModule {}

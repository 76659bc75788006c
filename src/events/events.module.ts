import { Module } from '@nestjs/common';
import { EventPublisher } from './event-publisher';
import { EventsPersonalData } from './events-personal-data';
import { Outbox } from './outbox';

/**
 * Not global: a module that publishes or subscribes imports it. Nest keeps one instance of a
 * module, so every importer shares the same publisher and its subscriber list.
 */
@Module({
  providers: [EventPublisher, Outbox, EventsPersonalData],
  exports: [EventPublisher, Outbox],
})
export class EventsModule {}

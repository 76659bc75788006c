import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrdersModule } from '../orders/orders.module';
import { MetricsServer } from './metrics-endpoint';
import { MetricsScrape } from './metrics-scrape';

/** /metrics for Prometheus: what the application counts, and what a scrape reads through the modules' facades. */
@Module({
  imports: [OrdersModule, NotificationsModule],
  providers: [MetricsScrape, MetricsServer],
  exports: [MetricsScrape],
})
export class ObservabilityModule {}

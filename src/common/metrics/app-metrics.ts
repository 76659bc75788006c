import { Global, Injectable, Module } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { HttpLabels } from './http-metrics';

/**
 * The application's Prometheus registry and the instruments other modules move as things
 * happen (requests, jobs). One registry per application, not prom-client's global one, so
 * several applications in one process (the tests) do not share counters. Gauges read from
 * the database at scrape time live with the scrape (src/observability/).
 */
@Injectable()
export class AppMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter<HttpLabels>({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status class.',
    labelNames: ['method', 'route', 'status_class'],
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram<HttpLabels>({
    name: 'http_request_duration_seconds',
    help: 'Time from the request to the end of its response, by method, route template and status class.',
    labelNames: ['method', 'route', 'status_class'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly jobRuns = new Counter<'queue' | 'outcome'>({
    name: 'job_runs_total',
    help: 'Jobs run by this process, by queue and outcome (failed: this attempt threw; pg-boss may retry it).',
    labelNames: ['queue', 'outcome'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

/** Metrics are infrastructure, like logging: any module may count what it does. */
@Global()
@Module({ providers: [AppMetrics], exports: [AppMetrics] })
export class AppMetricsModule {}

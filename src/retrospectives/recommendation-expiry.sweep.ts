import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PeriodicSweep, startPeriodicSweep } from '../database/periodic-sweep';
import { RecommendationsService } from './recommendations.service';

/** Stores the expiry of recommendations past their time: at start, then on a timer, once across instances. */
@Injectable()
export class RecommendationExpirySweep implements OnApplicationBootstrap, OnModuleDestroy {
  private sweep: PeriodicSweep | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly recommendations: RecommendationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep = startPeriodicSweep(this.db, 'RecommendationExpirySweep', 1, this.config.housekeepingIntervalSeconds * 1000, async (m) => {
      await this.recommendations.expireOverdue(m);
    });
  }

  /** Runs a sweep now (tests and operations); false when another instance holds it. */
  runOnce(): Promise<boolean> {
    return this.sweep?.runOnce() ?? Promise.resolve(false);
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweep?.stop();
  }
}

import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { EventsModule } from '../events/events.module';
import { RecommendationExpirySweep } from './recommendation-expiry.sweep';
import { RecommendationsService } from './recommendations.service';

/** Recommendation adoption, used at intake; it depends on nothing in orders. */
@Module({
  imports: [EventsModule, CatalogModule],
  providers: [RecommendationsService, RecommendationExpirySweep],
  exports: [RecommendationsService, RecommendationExpirySweep],
})
export class RecommendationsModule {}

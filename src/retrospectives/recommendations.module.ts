import { Module } from '@nestjs/common';
import { RecommendationsService } from './recommendations.service';

/** Recommendation adoption, used at intake; it depends on nothing in orders. */
@Module({ providers: [RecommendationsService], exports: [RecommendationsService] })
export class RecommendationsModule {}

import type { AttachmentView } from '../files/files.facade';
import type { RecommendationView } from './recommendations.service';

/** The delivering unit's look back at an order, as the order's view carries it. */
export interface RetrospectiveView {
  id: string;
  orderId: string;
  authorId: string;
  outcome: string;
  purposeAssessment: string;
  createdAt: Date;
  recommendations: RecommendationView[];
  /** The files it refers to. */
  attachments: AttachmentView[];
}

/** The requester's verdict on a delivered order, as the order's view carries it. */
export interface FeedbackView {
  id: string;
  orderId: string;
  authorId: string;
  satisfaction: number;
  purposeAchieved: 'yes' | 'partly' | 'no';
  comment: string | null;
  createdAt: Date;
}

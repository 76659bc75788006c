import { AttachmentLinkEntity } from '../files/entities/attachment-link.entity';
import { AttachmentEntity } from '../files/entities/attachment.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { OutboxEventEntity } from '../events/entities/outbox-event.entity';
import { QuestionnaireEntity } from '../catalog/entities/questionnaire.entity';
import { ServiceEntity } from '../catalog/entities/service.entity';
import { LoginFailureEntity } from '../identity/entities/login-attempt.entity';
import { MembershipEntity } from '../identity/entities/membership.entity';
import { SessionEntity } from '../identity/entities/session.entity';
import { UnitEntity } from '../identity/entities/unit.entity';
import { UserEntity } from '../identity/entities/user.entity';
import { WriteCountEntity } from '../identity/entities/write-count.entity';
import { ChangeRequestEntity } from '../orders/entities/change-request.entity';
import { ChecklistItemEntity } from '../orders/entities/checklist-item.entity';
import { ConsultationMessageEntity } from '../orders/entities/consultation-message.entity';
import { OrderEffortEntity } from '../orders/entities/order-effort.entity';
import { OrderSequenceEntity } from '../orders/entities/order-sequence.entity';
import { OrderEntity } from '../orders/entities/order.entity';
import { SpecVersionEntity } from '../orders/entities/spec-version.entity';
import { StatusEventEntity } from '../orders/entities/status-event.entity';
import { FeedbackEntity } from '../retrospectives/entities/feedback.entity';
import { OrderRecommendationEntity } from '../retrospectives/entities/order-recommendation.entity';
import { RecommendationEntity } from '../retrospectives/entities/recommendation.entity';
import { RetrospectiveEntity } from '../retrospectives/entities/retrospective.entity';

/** Every entity the data source maps, module by module. */
export const ENTITIES: Function[] = [
  // identity
  UnitEntity,
  UserEntity,
  MembershipEntity,
  SessionEntity,
  LoginFailureEntity,
  WriteCountEntity,
  // audit
  AuditEventEntity,
  // catalog
  ServiceEntity,
  QuestionnaireEntity,
  // orders
  OrderEntity,
  OrderSequenceEntity,
  StatusEventEntity,
  SpecVersionEntity,
  ConsultationMessageEntity,
  ChangeRequestEntity,
  ChecklistItemEntity,
  OrderEffortEntity,
  // files
  AttachmentEntity,
  AttachmentLinkEntity,
  // retrospectives
  RetrospectiveEntity,
  FeedbackEntity,
  RecommendationEntity,
  OrderRecommendationEntity,
  // events
  OutboxEventEntity,
];

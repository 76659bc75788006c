import { ApiProperty } from '@nestjs/swagger';

export class ErasureResponse {
  @ApiProperty({ format: 'uuid', description: 'The id the kept records still refer to (pseudonymous now).' })
  id!: string;

  @ApiProperty({ example: 'Former user', description: 'What the kept records show for the person.' })
  name!: string;

  @ApiProperty({ format: 'date-time' })
  erasedAt!: string;
}

export class PersonalDataExportResponse {
  @ApiProperty({ format: 'date-time' })
  exportedAt!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The account: id, email, name, language, SSO identity.' })
  profile!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Notification preferences; null: the defaults.' })
  notificationPreferences!: Record<string, unknown> | null;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  memberships!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  sessions!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  failedSignIns!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  writeCounts!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  ordersPlaced!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  ordersAssigned!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  messagesWritten!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  changeRequests!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  checklistItemsDone!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  orderActions!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  specVersionsMade!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  effortLogged!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  retrospectivesWritten!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  feedbackWritten!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  recommendationDecisions!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  filesUploaded!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  notifications!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  mailsSentToYou!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  auditEventsAboutYou!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  auditEventsByYou!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  ideasRaised!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  ideasSupported!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  ideasAnswered!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  ideaLinks!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  panelMemberships!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  surveysAnswered!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  panelsFormed!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  surveysSent!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  savedViews!: Array<Record<string, unknown>>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  mailsReceivedFromYou!: Array<Record<string, unknown>>;
}

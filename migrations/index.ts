import { IdentityAndAudit1795385779097 } from './1795385779097-IdentityAndAudit';
import { CatalogOrdersRetrospectives1795386081715 } from './1795386081715-CatalogOrdersRetrospectives';
import { FeedbackLoopRollup1795386676450 } from './1795386676450-FeedbackLoopRollup';
import { ListAndTreeIndexes1795388185156 } from './1795388185156-ListAndTreeIndexes';
import { ChangeRequestBasedOnSpec1795436017896 } from './1795436017896-ChangeRequestBasedOnSpec';
import { WriteCountsAndLimits1795440000000 } from './1795440000000-WriteCountsAndLimits';
import { UserLanguage1795460000000 } from './1795460000000-UserLanguage';
import { OutboxEvents1795639762535 } from './1795639762535-OutboxEvents';
import { Notifications1795650000000 } from './1795650000000-Notifications';
import { OutboxRequestId1795700000000 } from './1795700000000-OutboxRequestId';
import { OrdersInWorkDueIndex1795710000000 } from './1795710000000-OrdersInWorkDueIndex';
import { ListIndexesInPageOrder1795720000000 } from './1795720000000-ListIndexesInPageOrder';
import { MailOutage1795820000000 } from './1795820000000-MailOutage';
import { Attachments1795830000000 } from './1795830000000-Attachments';
import { OrderEfforts1795840000000 } from './1795840000000-OrderEfforts';
import { UnitHourlyCosts1795840000001 } from './1795840000001-UnitHourlyCosts';
import { OrderChannelAndEffortInReport1795840000002 } from './1795840000002-OrderChannelAndEffortInReport';
import { AttachmentThumbnails1795850000000 } from './1795850000000-AttachmentThumbnails';
import { IntakeAndFirstResponseInReport1795860000000 } from './1795860000000-IntakeAndFirstResponseInReport';
import { ServiceNotes1795860000001 } from './1795860000001-ServiceNotes';
import { ConversationMessages1795870000000 } from './1795870000000-ConversationMessages';
import { InboundMail1795880000000 } from './1795880000000-InboundMail';
import { IdeasAndPanels1795890000000 } from './1795890000000-IdeasAndPanels';
import { Privacy1795900000000 } from './1795900000000-Privacy';
import { SavedViews1795910000000 } from './1795910000000-SavedViews';
import { EveryEventType1795920000000 } from './1795920000000-EveryEventType';

/** Migrations in the order they run; `npm run migration:generate -- Name` appends new ones. */
export const MIGRATIONS: Function[] = [
  IdentityAndAudit1795385779097,
  CatalogOrdersRetrospectives1795386081715,
  FeedbackLoopRollup1795386676450,
  ListAndTreeIndexes1795388185156,
  ChangeRequestBasedOnSpec1795436017896,
  WriteCountsAndLimits1795440000000,
  UserLanguage1795460000000,
  OutboxEvents1795639762535,
  Notifications1795650000000,
  OutboxRequestId1795700000000,
  OrdersInWorkDueIndex1795710000000,
  ListIndexesInPageOrder1795720000000,
  MailOutage1795820000000,
  Attachments1795830000000,
  OrderEfforts1795840000000,
  UnitHourlyCosts1795840000001,
  OrderChannelAndEffortInReport1795840000002,
  AttachmentThumbnails1795850000000,
  IntakeAndFirstResponseInReport1795860000000,
  ServiceNotes1795860000001,
  ConversationMessages1795870000000,
  InboundMail1795880000000,
  IdeasAndPanels1795890000000,
  Privacy1795900000000,
  SavedViews1795910000000,
  EveryEventType1795920000000,
];

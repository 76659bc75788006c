// Events of the customers' voice between orders: ideas and customer panels. Pure types, like
// order-events.ts, which adds them to the one event map.

/** What every idea or survey event carries: the support unit, what to show and where to open it. */
export interface VoiceEventBase {
  supportUnitId: string;
  /** The idea's or the survey's title, as notifications and mails show it. */
  title: string;
  /** The page to open, a path in the product (`/ideas/…`, `/surveys/…`). */
  link: string;
  /** Who acted; null for the system's own (the reminder). */
  actorId: string | null;
}

export type IdeaDecision = 'planned' | 'done' | 'declined';

export interface VoiceEventMap {
  /** A new idea for a support unit: its managers hear of it. */
  'idea.created': VoiceEventBase & { ideaId: string; serviceId: string | null; authorId: string };
  /** The unit answered an idea: the author and every supporter hear of it (`recipientIds`). */
  'idea.answered': VoiceEventBase & { ideaId: string; decision: IdeaDecision; recipientIds: string[] };
  /** An idea passed its response date unanswered: the unit's managers are reminded, once. */
  'idea.overdue': VoiceEventBase & { ideaId: string; respondBy: string };
  /** A survey was sent to a panel: each member hears of it (`recipientIds`). */
  'survey.sent': VoiceEventBase & { surveyId: string; panelId: string; closesAt: string; recipientIds: string[] };
}

export const VOICE_EVENT_TYPES = ['idea.created', 'idea.answered', 'idea.overdue', 'survey.sent'] as const;

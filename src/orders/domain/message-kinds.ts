// The kinds and channels of a message on an order: pure data, shared by the entity, the DTOs and the pages.

/** Consultation (question, advice, answer), the conversation (comment) and the delivering side's internal notes. */
export const MESSAGE_KINDS = ['question', 'advice', 'answer', 'comment', 'internal'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** How a message reached the product: the pages, the JSON API, or a reply by mail. */
export const MESSAGE_CHANNELS = ['web', 'email', 'api'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

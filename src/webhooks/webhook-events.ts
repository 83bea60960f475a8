/**
 * What a webhook can report: the only list of event types. An endpoint subscribes to some of
 * them; a producer records one in the transaction of the change it reports (WebhookOutbox).
 */
export const WEBHOOK_EVENT_TYPES = [
  'signature.confirmed',
  'signature.withdrawn',
  'consent.given',
  'consent.withdrawn',
  'letter.sent',
  'letter.failed',
  'letter.bounced',
  'reply.received',
  'supporter.erased',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (v: unknown): v is WebhookEventType => typeof v === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(v);

/** The events about a signature, whose payload the outbox reads from the signature itself. */
export type SignatureEventType = Extract<WebhookEventType, 'signature.confirmed' | 'signature.withdrawn'>;
/** The events about one letter, whose payload the outbox reads from the letter itself. */
export type ConsentEventType = Extract<WebhookEventType, 'consent.given' | 'consent.withdrawn'>;
export type LetterEventType = Extract<WebhookEventType, 'letter.sent' | 'letter.failed' | 'letter.bounced'>;

/**
 * The keys of a payload that name nothing personal: what an erasure keeps of the supporter's
 * earlier events (ids, statuses, times, the campaign). Everything else (a name, an address, a
 * country, the words of a consent) is removed from them.
 */
export const IMPERSONAL_PAYLOAD_KEYS = [
  'signatureId',
  'supporterId',
  'campaignId',
  'campaign',
  'deliveryId',
  'targetId',
  'status',
  'signedAt',
  'confirmedAt',
  'withdrawnAt',
  'at',
  'attempts',
  'replyId',
  'kind',
  'receivedAt',
] as const;

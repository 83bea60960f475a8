import { statusListSql, statusMachine } from '../database/status-transitions.js';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from './webhook-delivery.entity.js';

/**
 * Every way a webhook delivery's status may change, and from where: the only table of them. The
 * outbox's statements (webhook-outbox.ts) take their `WHERE status IN (…)` from here
 * (fromStatesSql), so a statement asked to move a delivery that is elsewhere changes nothing.
 *
 *   (created) → queued ─claim→ sending ─markDelivered→ delivered
 *                 ↑               │  └─markRetrying / recoverStuck→ retrying ─claim→ sending
 *                 │               └─markFailed→ failed
 *                 └──── replay ← delivered | failed
 *
 * delivered and failed are final but for an admin's replay. A disabled endpoint's deliveries stay
 * where they are (held: not claimed) until it is enabled again.
 */
export const WEBHOOK_DELIVERY_TRANSITIONS = {
  /** a worker takes it for one HTTP attempt (an attempt is counted) */
  claim: { from: ['queued', 'retrying'], to: 'sending' },
  /** the receiver answered 2xx */
  markDelivered: { from: ['sending'], to: 'delivered' },
  /** any other answer, or none: tried again after a backoff */
  markRetrying: { from: ['sending'], to: 'retrying' },
  /** still refused WEBHOOK_RETRY_HOURS after its first attempt */
  markFailed: { from: ['sending'], to: 'failed' },
  /** a worker died holding it: past the lease, tried again */
  recoverStuck: { from: ['sending'], to: 'retrying' },
  /** an admin sends it again, with a fresh set of attempts */
  replay: { from: ['delivered', 'failed'], to: 'queued' },
} as const satisfies Record<string, { from: readonly WebhookDeliveryStatus[]; to: WebhookDeliveryStatus }>;

export type WebhookDeliveryTransition = keyof typeof WEBHOOK_DELIVERY_TRANSITIONS;

export const { allows, nextStatuses, fromStatesSql } = statusMachine<WebhookDeliveryStatus, WebhookDeliveryStatus, typeof WEBHOOK_DELIVERY_TRANSITIONS>(
  WEBHOOK_DELIVERY_TRANSITIONS,
);

/** Every delivery is written `queued` (the column's default); the relay hands those new ones to the queue. */
export const NEW_WEBHOOK_DELIVERY_STATUS: WebhookDeliveryStatus = 'queued';

/** Settled: only a replay moves them again. */
export const SETTLED_WEBHOOK_DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = WEBHOOK_DELIVERY_TRANSITIONS.replay.from;

/** Still owed, or being attempted: a later delivery of the same endpoint and supporter waits for these. */
export const OPEN_WEBHOOK_DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = WEBHOOK_DELIVERY_STATUSES.filter(
  (s) => !SETTLED_WEBHOOK_DELIVERY_STATUSES.includes(s),
);
/** OPEN_WEBHOOK_DELIVERY_STATUSES as SQL. */
export const OPEN_SQL = statusListSql(OPEN_WEBHOOK_DELIVERY_STATUSES);

/** Owed to the queue (the reconciler keeps a job for each). */
export const OWED_SQL = fromStatesSql('claim');

import { NOTIFICATION_STATUSES, type NotificationStatus } from './notification.entity.js';
import { statusMachine } from '../database/status-transitions.js';

/**
 * Every way a supporter email's status may change, and from where: the only table of them. The
 * outbox's statements (notification-outbox.ts) take their `WHERE status IN (…)` from here
 * (fromStatesSql), so a statement asked to move an email that is elsewhere changes nothing (the
 * method answers false, or 0), and no statement can invent a path.
 *
 *   (created) → queued ─claim→ sending ─markSent→ sent
 *                 ↑              │  └─markRetrying / recoverStuck→ retrying ─claim→ sending
 *                 └─deferForOutage┘  └─markFailed→ failed
 *   cancel: queued | retrying (| sending, on erasure or when its signature moved on) → cancelled.
 *   sent, failed and cancelled are final.
 */
export const NOTIFICATION_TRANSITIONS = {
  /** a worker takes the email for one SMTP attempt (an attempt is counted) */
  claim: { from: ['queued', 'retrying'], to: 'sending' },
  /** the server accepted it */
  markSent: { from: ['sending'], to: 'sent' },
  /** a temporary refusal: tried again later (the queue's backoff) */
  markRetrying: { from: ['sending'], to: 'retrying' },
  /** a permanent refusal, or the last attempt */
  markFailed: { from: ['sending'], to: 'failed' },
  /** no server answered at all: owed again as it was, the attempt given back */
  deferForOutage: { from: ['sending'], to: 'queued' },
  /** a worker died holding it: past the lease, tried again */
  recoverStuck: { from: ['sending'], to: 'retrying' },
  /** claimed, but its signature is no longer in the state the email is for (confirmed before the request went, withdrawn…) */
  cancelClaimed: { from: ['sending'], to: 'cancelled' },
  /** its signature was withdrawn: the emails not yet being sent are not sent */
  cancelUnsent: { from: ['queued', 'retrying'], to: 'cancelled' },
  /** its supporter was erased: nothing more is written to them (one being sent finishes, but records nothing) */
  cancelForErasure: { from: ['queued', 'retrying', 'sending'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly NotificationStatus[]; to: NotificationStatus }>;

export type NotificationTransition = keyof typeof NOTIFICATION_TRANSITIONS;

export const { allows, nextStatuses, fromStatesSql } = statusMachine<NotificationStatus, NotificationStatus, typeof NOTIFICATION_TRANSITIONS>(
  NOTIFICATION_TRANSITIONS,
);

/** Every email is written `queued` (the column's default); the relay hands those new ones to the queue. */
export const NEW_NOTIFICATION_STATUS: NotificationStatus = 'queued';

/** The statuses no transition leaves: the email's story is over. */
export const FINAL_NOTIFICATION_STATUSES: readonly NotificationStatus[] = NOTIFICATION_STATUSES.filter((s) => nextStatuses(s).length === 0);

/** Still to be sent, or being sent (the `uq_notifications_open` index: one such email per signature and kind). */
export const OPEN_NOTIFICATION_STATUSES: readonly NotificationStatus[] = NOTIFICATION_STATUSES.filter((s) => !FINAL_NOTIFICATION_STATUSES.includes(s));

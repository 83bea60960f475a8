import type { DeliveryStatus } from './delivery.entity.js';
import { statusListSql, statusMachine } from '../database/status-transitions.js';

/**
 * Every way a letter's status may change, and from where: the only table of them. The ledger's
 * statements take their `WHERE status IN (…)` from here (fromStatesSql), so a statement asked to
 * move a letter that is elsewhere changes nothing, and a new statement cannot invent a path.
 *
 *   queued ─claim→ sending ─sent→ sent ─bounce→ bounced
 *     ↑  ↖            │  └─retry-later→ retrying ─claim→ sending
 *     │   give-back ──┘  └─fail→ failed
 *     └──── retry ← failed | bounced
 *   cancel: queued | retrying (| failed | bounced on erasure) → cancelled, which is final.
 */
export const DELIVERY_TRANSITIONS = {
  /** a worker takes the letter for one SMTP attempt */
  claim: { from: ['queued', 'retrying'], to: 'sending' },
  /** the server accepted it */
  markSent: { from: ['sending'], to: 'sent' },
  /** a temporary refusal: tried again later */
  markRetrying: { from: ['sending'], to: 'retrying' },
  /** a permanent refusal, or the last attempt */
  markFailed: { from: ['sending'], to: 'failed' },
  /** not presented to any server (none answered, or its target's pacing window is full): owed as before */
  giveBack: { from: ['sending'], to: 'queued' },
  /** a worker died holding it: past the lease, tried again */
  recoverStuck: { from: ['sending'], to: 'retrying' },
  /** claimed, but nothing is left to send (every signatory of a digest withdrew) */
  cancelClaimed: { from: ['sending'], to: 'cancelled' },
  /** no longer owed: its target or signature was withdrawn, or it was folded into a digest */
  cancelUnsent: { from: ['queued', 'retrying'], to: 'cancelled' },
  /** its supporter was erased: nothing of theirs is sent again, not even a failed letter on retry */
  cancelForErasure: { from: ['queued', 'retrying', 'failed', 'bounced'], to: 'cancelled' },
  /** a hard bounce reported after the server had accepted it */
  markBounced: { from: ['sent'], to: 'bounced' },
  /** an admin sends a failed or bounced letter again, with a fresh set of attempts */
  retry: { from: ['failed', 'bounced'], to: 'queued' },
} as const satisfies Record<string, { from: readonly DeliveryStatus[]; to: DeliveryStatus }>;

export type DeliveryTransition = keyof typeof DELIVERY_TRANSITIONS;

export const { allows, nextStatuses, fromStatesSql } = statusMachine<DeliveryStatus, DeliveryStatus, typeof DELIVERY_TRANSITIONS>(DELIVERY_TRANSITIONS);

/** The statuses in which a letter is still owed to the queue (the reconciler keeps a job for each). */
export const OWED_STATUSES = DELIVERY_TRANSITIONS.claim.from;
/** OWED_STATUSES as SQL, for the readers: `('queued', 'retrying')`. */
export const OWED_SQL = statusListSql(OWED_STATUSES);

/** Thrown by a ledger method asked for a transition the table does not allow from the letter's status. */
export class IllegalDeliveryTransition extends Error {
  constructor(
    readonly transition: DeliveryTransition,
    readonly status: DeliveryStatus,
  ) {
    super(`a ${status} letter cannot be moved by ${transition} (only from ${DELIVERY_TRANSITIONS[transition].from.join(', ')})`);
  }
}

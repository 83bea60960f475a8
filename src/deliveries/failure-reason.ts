import { DELIVERY_TRANSITIONS } from './delivery-transitions.js';

/** The reason of a letter that failed without an answer from the server. */
const NO_REASON = 'no reason recorded';

/**
 * A failed letter's reason as admins see it grouped: its last error with email addresses replaced
 * by <address>, so "550 5.1.1 <a@x.example>: no such user" for many targets is one cause. The SQL
 * function delivery_failure_reason (migration TargetLetterCounts) is the one definition: the
 * triggers that keep target_letter_totals group by it (GET failures), and retrying a group
 * (POST retry-failed) selects by it, so the two agree exactly.
 */
export const failureReasonSql = (alias: string) => `coalesce(delivery_failure_reason(${alias}.last_error), '${NO_REASON}')`;

/** Letters an admin may send again. */
export const RETRYABLE_STATUSES = DELIVERY_TRANSITIONS.retry.from;

import { DELIVERY_TRANSITIONS } from './delivery-transitions.js';

/**
 * A failed letter's reason as admins see it grouped: its last error with email addresses replaced
 * by <address>, so "550 5.1.1 <a@x.example>: no such user" for many targets is one cause. SQL,
 * so that grouping (GET failures) and retrying a group (POST retry-failed) agree exactly.
 */
export const failureReasonSql = (alias: string) =>
  `regexp_replace(coalesce(${alias}.last_error, 'no reason recorded'), '<?[^\\s<>"'',;:]+@[^\\s<>"'',;:]+>?', '<address>', 'g')`;

/** Letters an admin may send again. */
export const RETRYABLE_STATUSES = DELIVERY_TRANSITIONS.retry.from;

/**
 * The outbox's part of the signing statement (src/signatures/signing.sql.ts), apart from the
 * NotificationOutbox so that the statement, and the signing benchmark that runs it, import no
 * framework: signing is one statement and one round trip, and the confirmation email it owes is
 * written inside it. This is the only other place that writes `notifications`.
 */

/** Confirmation emails to one address in an hour, across campaigns: nobody can be flooded. */
export const CONFIRMATIONS_PER_ADDRESS_PER_HOUR = 3;

/**
 * The body of the signing statement's `note` CTE: owes a `confirm_signature` email to each pending
 * signature of the CTE `signed` (columns id, status, supporter_id, inserted, new_supporter). None
 * is owed while one is open (queued, retrying, sending: OPEN_NOTIFICATION_STATUSES) or was made in
 * the last two minutes (a burst of identical signings owes one), nor past
 * CONFIRMATIONS_PER_ADDRESS_PER_HOUR to one address in an hour. A new signature cannot have had an
 * email yet, nor a new supporter: the two checks are skipped for them (OR evaluates the subquery
 * only when needed), so the common case of a viral campaign, new people signing, never reads
 * `notifications`, whatever plan PostgreSQL caches for it. The text is measured (npm run
 * bench:sign): change it only with the benchmark.
 */
export const OWE_CONFIRMATION_EMAILS = `INSERT INTO notifications (kind, signature_id)
    SELECT 'confirm_signature', s.id FROM signed s
     WHERE s.status = 'pending'
       AND (s.inserted OR NOT EXISTS (
             SELECT 1 FROM notifications n
              WHERE n.signature_id = s.id AND n.kind = 'confirm_signature'
                AND (n.status IN ('queued', 'retrying', 'sending') OR n.created_at > now() - interval '2 minutes')))
       AND (s.new_supporter OR (
             SELECT count(*) FROM notifications n JOIN signatures x ON x.id = n.signature_id
              WHERE x.supporter_id = s.supporter_id AND n.kind = 'confirm_signature'
                AND n.created_at > now() - interval '1 hour') < ${CONFIRMATIONS_PER_ADDRESS_PER_HOUR})
    ON CONFLICT DO NOTHING`;

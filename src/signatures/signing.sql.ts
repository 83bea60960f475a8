/**
 * The SQL of signing, apart from the service so that the signing benchmark's ceiling runs exactly
 * the same statements (bench/sign.mjs imports them from dist/).
 *
 * Parameters: $1 email, $2 first name, $3 last name, $4 country, $5 postcode, $6 campaign id,
 * $7 comment, $8 source, $9 status ('pending' or 'confirmed'), $10 locale.
 */

/** Confirmation emails to one address in an hour, across campaigns: nobody can be flooded. */
export const CONFIRMATIONS_PER_ADDRESS_PER_HOUR = 3;

/**
 * The supporter (upserted by email: details may be corrected until the address is verified) and
 * the signature (one per campaign and supporter; signing again changes nothing but the time).
 */
const UPSERT_SIGNATURE = `
  sup AS (
    INSERT INTO supporters (email, first_name, last_name, country, postcode)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (email) DO UPDATE SET
      first_name = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.first_name ELSE supporters.first_name END,
      last_name  = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.last_name  ELSE supporters.last_name  END,
      country    = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.country    ELSE supporters.country    END,
      postcode   = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.postcode   ELSE supporters.postcode   END,
      updated_at = now()
    RETURNING id
  ), sig AS (
    INSERT INTO signatures (campaign_id, supporter_id, comment, source, status, confirmed_at, locale)
    SELECT $6, sup.id, $7, $8, $9, CASE WHEN $9 = 'confirmed' THEN now() END, $10::text FROM sup
    ON CONFLICT (campaign_id, supporter_id) DO UPDATE SET
      comment = CASE WHEN signatures.status = 'pending' THEN EXCLUDED.comment ELSE signatures.comment END,
      locale  = CASE WHEN signatures.status = 'pending' THEN COALESCE(EXCLUDED.locale, signatures.locale) ELSE signatures.locale END,
      updated_at = now()
    RETURNING id, status, supporter_id, (xmax = 0) AS inserted
  )`;

/**
 * A signing that asks for confirmation, in one statement (one round trip): the supporter, the
 * signature and, when one is owed, the confirmation email. None is owed while one is unsent or
 * was made in the last two minutes (a burst of identical signings owes one), nor past three to
 * one address in an hour (nobody can use Appeals to flood an inbox).
 */
export const SIGN_PENDING_SQL = `
  WITH ${UPSERT_SIGNATURE}, note AS (
    INSERT INTO notifications (kind, signature_id)
    SELECT 'confirm_signature', sig.id FROM sig
     WHERE sig.status = 'pending'
       AND NOT EXISTS (SELECT 1 FROM notifications n
                        WHERE n.signature_id = sig.id AND n.kind = 'confirm_signature'
                          AND (n.status IN ('queued', 'retrying', 'sending') OR n.created_at > now() - interval '2 minutes'))
       AND (SELECT count(*) FROM notifications n JOIN signatures s ON s.id = n.signature_id
             WHERE s.supporter_id = sig.supporter_id AND n.kind = 'confirm_signature'
               AND n.created_at > now() - interval '1 hour') < ${CONFIRMATIONS_PER_ADDRESS_PER_HOUR}
    ON CONFLICT DO NOTHING
    RETURNING id
  )
  SELECT (SELECT id FROM note) AS notification_id FROM sig`;

/** A signing that needs no confirmation (inside the transaction that owes its letters). */
export const SIGN_CONFIRMED_SQL = `WITH ${UPSERT_SIGNATURE} SELECT id, status, inserted FROM sig`;

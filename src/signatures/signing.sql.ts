/**
 * The SQL of signing, apart from the service so that the signing benchmark's ceiling runs exactly
 * the same statements (bench/sign.mjs imports them from dist/).
 *
 * Parameters: $1 email, $2 first name, $3 last name, $4 country, $5 postcode, $6 campaign id,
 * $7 comment, $8 source, $9 status ('pending' or 'confirmed'), $10 locale, $11 the client address's keyed hash
 * (bytea or null: src/security/client-address.ts; the address itself is never stored).
 */

/** Confirmation emails to one address in an hour, across campaigns: nobody can be flooded. */
export const CONFIRMATIONS_PER_ADDRESS_PER_HOUR = 3;

/**
 * The supporter (upserted by email: details may be corrected until the address is verified) and
 * the signature (one per campaign and supporter; signing again changes nothing but the time),
 * both only while the campaign is live: the statement checks it itself, so the caller may look
 * the campaign up from a cache. No row comes back when the campaign is not live.
 */
const UPSERT_SIGNATURE = `
  live AS (
    SELECT 1 FROM campaigns WHERE id = $6::uuid AND status = 'live' AND (ends_at IS NULL OR ends_at > now())
  ), sup AS (
    INSERT INTO supporters (email, first_name, last_name, country, postcode)
    SELECT $1::text, $2::text, $3::text, $4::text, $5::text WHERE EXISTS (SELECT 1 FROM live)
    ON CONFLICT (email) DO UPDATE SET
      first_name = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.first_name ELSE supporters.first_name END,
      last_name  = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.last_name  ELSE supporters.last_name  END,
      country    = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.country    ELSE supporters.country    END,
      postcode   = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.postcode   ELSE supporters.postcode   END,
      updated_at = now()
    RETURNING id, (xmax = 0) AS inserted
  ), sig AS (
    INSERT INTO signatures (campaign_id, supporter_id, comment, source, status, confirmed_at, locale, ip_hash)
    SELECT $6::uuid, sup.id, $7::text, $8::text, $9::text, CASE WHEN $9::text = 'confirmed' THEN now() END, $10::text, $11::bytea FROM sup
    ON CONFLICT (campaign_id, supporter_id) DO UPDATE SET
      comment = CASE WHEN signatures.status = 'pending' THEN EXCLUDED.comment ELSE signatures.comment END,
      locale  = CASE WHEN signatures.status = 'pending' THEN COALESCE(EXCLUDED.locale, signatures.locale) ELSE signatures.locale END,
      updated_at = now()
    RETURNING id, status, supporter_id, (xmax = 0) AS inserted, (SELECT inserted FROM sup) AS new_supporter
  )`;

/**
 * A signing that asks for confirmation, in one statement (one round trip): the supporter, the
 * signature and, when one is owed, the confirmation email. None is owed while one is unsent or
 * was made in the last two minutes (a burst of identical signings owes one), nor past three to
 * one address in an hour (nobody can use Appeals to flood an inbox).
 *
 * A new signature cannot have had an email yet, nor a new supporter: the two checks are skipped
 * for them (OR evaluates the subquery only when needed), so the common case of a viral campaign,
 * new people signing, never reads `notifications`, whatever plan PostgreSQL caches for it.
 */
export const SIGN_PENDING_SQL = `
  WITH ${UPSERT_SIGNATURE}, note AS (
    INSERT INTO notifications (kind, signature_id)
    SELECT 'confirm_signature', sig.id FROM sig
     WHERE sig.status = 'pending'
       AND (sig.inserted OR NOT EXISTS (
             SELECT 1 FROM notifications n
              WHERE n.signature_id = sig.id AND n.kind = 'confirm_signature'
                AND (n.status IN ('queued', 'retrying', 'sending') OR n.created_at > now() - interval '2 minutes')))
       AND (sig.new_supporter OR (
             SELECT count(*) FROM notifications n JOIN signatures s ON s.id = n.signature_id
              WHERE s.supporter_id = sig.supporter_id AND n.kind = 'confirm_signature'
                AND n.created_at > now() - interval '1 hour') < ${CONFIRMATIONS_PER_ADDRESS_PER_HOUR})
    ON CONFLICT DO NOTHING
    RETURNING id
  )
  SELECT (SELECT id FROM note) AS notification_id FROM sig`;

/** A signing that needs no confirmation (inside the transaction that owes its letters). */
export const SIGN_CONFIRMED_SQL = `WITH ${UPSERT_SIGNATURE} SELECT id, status, inserted FROM sig`;

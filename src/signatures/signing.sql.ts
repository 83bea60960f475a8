import { OWE_CONFIRMATION_EMAILS } from '../notifications/notification-outbox.sql.js';
import type { SignatureStatus } from './signature.entity.js';

/**
 * The SQL of signing: SignatureLedger's (signature-ledger.ts), the only code that runs it, kept
 * apart so that the signing benchmark's ceiling runs exactly the same statements (bench/sign.mjs
 * imports them from dist/) without loading the framework. The text is measured: change it only
 * with `npm run bench:sign`.
 *
 * SIGN_CONFIRMED_SQL's parameters: $1 email, $2 first name, $3 last name, $4 country, $5 postcode,
 * $6 campaign id, $7 comment, $8 source, $9 status ('pending' or 'confirmed'), $10 locale, $11 the
 * client address's keyed hash (bytea or null: src/security/client-address.ts; the address itself
 * is never stored), $12 the words of the consent to further contact given (null: not given), $13
 * their language, $14 the letter's body as the supporter wrote it (null: the campaign's).
 * SIGN_PENDING_SQL's are below.
 */

/**
 * A supporter signing again: details may be corrected until the address is verified, but an
 * optional one left empty keeps what an earlier signing gave (the page asks a supporter who got
 * no email to sign again: an empty box must not erase their postcode). Names and country are
 * required, so always given.
 */
const UPSERT_SUPPORTER = `ON CONFLICT (email) DO UPDATE SET
      first_name = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.first_name ELSE supporters.first_name END,
      last_name  = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.last_name  ELSE supporters.last_name  END,
      country    = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.country    ELSE supporters.country    END,
      postcode   = CASE WHEN supporters.verified_at IS NULL THEN COALESCE(NULLIF(EXCLUDED.postcode, ''), supporters.postcode) ELSE supporters.postcode END,
      updated_at = now()`;

/**
 * Consent to further contact given when signing again (whatever the signature's status): the words
 * of this signing, given now (again, after a withdrawal). Not ticked this time: the earlier
 * consent, or its absence, stays as it was.
 */
const CONSENT_GIVEN_AGAIN = `
      opt_in_at = CASE WHEN EXCLUDED.opt_in_text IS NULL THEN signatures.opt_in_at
                       WHEN signatures.opt_in_at IS NULL OR signatures.opt_in_withdrawn_at IS NOT NULL THEN now() ELSE signatures.opt_in_at END,
      opt_in_withdrawn_at = CASE WHEN EXCLUDED.opt_in_text IS NULL THEN signatures.opt_in_withdrawn_at END,
      opt_in_text = COALESCE(EXCLUDED.opt_in_text, signatures.opt_in_text),
      opt_in_locale = CASE WHEN EXCLUDED.opt_in_text IS NULL THEN signatures.opt_in_locale ELSE EXCLUDED.opt_in_locale END,`;

/**
 * A signature signed again: one per campaign and supporter. Only a pending one changes, and only
 * by what the new signing gives: a comment, letter body, source or locale left empty keeps the
 * earlier one (the letters carry them: signing again must never lose a supporter's words).
 */
const UPSERT_SIGNATURE_ROW = `ON CONFLICT (campaign_id, supporter_id) DO UPDATE SET
      ${CONSENT_GIVEN_AGAIN}
      comment = CASE WHEN signatures.status = 'pending' THEN COALESCE(NULLIF(EXCLUDED.comment, ''), signatures.comment) ELSE signatures.comment END,
      letter_body = CASE WHEN signatures.status = 'pending' THEN COALESCE(NULLIF(EXCLUDED.letter_body, ''), signatures.letter_body) ELSE signatures.letter_body END,
      source  = CASE WHEN signatures.status = 'pending' THEN COALESCE(NULLIF(EXCLUDED.source, ''), signatures.source) ELSE signatures.source END,
      locale  = CASE WHEN signatures.status = 'pending' THEN COALESCE(EXCLUDED.locale, signatures.locale) ELSE signatures.locale END,
      updated_at = now()`;

/**
 * The supporter (upserted by email: details may be corrected until the address is verified) and
 * the signature (one per campaign and supporter; signing again before confirming adds what it
 * gives, erasing nothing),
 * both only while the campaign is live: the statement checks it itself, so the caller may look
 * the campaign up from a cache. No row comes back when the campaign is not live.
 */
const UPSERT_SIGNATURE = `
  live AS (
    SELECT 1 FROM campaigns WHERE id = $6::uuid AND status = 'live' AND (ends_at IS NULL OR ends_at > now())
  ), sup AS (
    INSERT INTO supporters (email, first_name, last_name, country, postcode)
    SELECT $1::text, $2::text, $3::text, $4::text, $5::text WHERE EXISTS (SELECT 1 FROM live)
    ${UPSERT_SUPPORTER}
    RETURNING id, (xmax = 0) AS inserted
  ), sig AS (
    INSERT INTO signatures (campaign_id, supporter_id, comment, source, status, confirmed_at, locale, ip_hash, opt_in_text, opt_in_locale, opt_in_at, letter_body)
    SELECT $6::uuid, sup.id, $7::text, $8::text, $9::text, CASE WHEN $9::text = 'confirmed' THEN now() END, $10::text, $11::bytea,
           $12::text, $13::text, CASE WHEN $12::text IS NOT NULL THEN now() END, $14::text FROM sup
    ${UPSERT_SIGNATURE_ROW}
    RETURNING id, status, supporter_id, (xmax = 0) AS inserted, (SELECT inserted FROM sup) AS new_supporter
  )`;

/**
 * Signings that ask for confirmation, any number in one statement (the signing service gathers
 * the requests of one moment: they commit together, in one round trip): the supporters, the
 * signatures and, where one is owed, the confirmation email. None is owed while one is unsent or
 * was made in the last two minutes (a burst of identical signings owes one), nor past three to
 * one address in an hour (nobody can use Appeals to flood an inbox). That last part, the `note`
 * CTE, is the notification outbox's text (OWE_CONFIRMATION_EMAILS, which says why a new signature
 * or supporter never reads `notifications`), composed in here to keep one round trip.
 *
 * Parameters are arrays, one element per signing: $1 emails (normalised, no two alike: an upsert
 * cannot touch one row twice), $2 first names, $3 last names, $4 countries, $5 postcodes,
 * $6 campaign ids, $7 comments, $8 sources, $9 locales, $10 client-address hashes (bytea or null:
 * src/security/client-address.ts; the address itself is never stored), $11 the words of the
 * consent to further contact given (null: not given), $12 their language, $13 the letters' bodies
 * as the supporters wrote them (null: the campaign's). Answers one row per
 * signing taken, with its position (`ord`, from 1) in the arrays: a signing for a campaign that is
 * not live (any more) has none.
 */
export const SIGN_PENDING_SQL = `
  WITH v AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::bytea[], $11::text[], $12::text[], $13::text[])
      WITH ORDINALITY AS v(email, first_name, last_name, country, postcode, campaign_id, comment, source, locale, ip_hash, opt_in_text, opt_in_locale, letter_body, ord)
     WHERE EXISTS (SELECT 1 FROM campaigns c WHERE c.id = v.campaign_id AND c.status = 'live' AND (c.ends_at IS NULL OR c.ends_at > now()))
  ), sup AS (
    INSERT INTO supporters (email, first_name, last_name, country, postcode)
    SELECT email, first_name, last_name, country, postcode FROM v ORDER BY ord
    ${UPSERT_SUPPORTER}
    RETURNING id, email, (xmax = 0) AS inserted
  ), sig AS (
    INSERT INTO signatures (campaign_id, supporter_id, comment, source, status, locale, ip_hash, opt_in_text, opt_in_locale, opt_in_at, letter_body)
    SELECT v.campaign_id, sup.id, v.comment, v.source, 'pending', v.locale, v.ip_hash, v.opt_in_text, v.opt_in_locale, CASE WHEN v.opt_in_text IS NOT NULL THEN now() END, v.letter_body
      FROM v JOIN sup ON sup.email = v.email ORDER BY v.ord
    ${UPSERT_SIGNATURE_ROW}
    RETURNING id, status, supporter_id, (xmax = 0) AS inserted
  ), signed AS (
    SELECT sig.*, sup.inserted AS new_supporter, v.ord
      FROM sig JOIN sup ON sup.id = sig.supporter_id JOIN v ON v.email = sup.email
  ), note AS (
    ${OWE_CONFIRMATION_EMAILS}
  )
  SELECT ord::int AS ord FROM signed`;

/** A row of SIGN_PENDING_SQL: one signing taken, by its position in the arrays (from 1). */
export interface SignedPendingRow {
  ord: number;
}

/** A signing that needs no confirmation (inside the transaction that owes its letters). */
export const SIGN_CONFIRMED_SQL = `WITH ${UPSERT_SIGNATURE} SELECT id, status, inserted FROM sig`;

/** The row of SIGN_CONFIRMED_SQL (none when the campaign is not live): the signature, and whether this signing made it. */
export interface SignedConfirmedRow {
  id: string;
  /** signing again leaves the status as it was ('confirmed' for a new one): a pending one is then confirmed by the ledger */
  status: SignatureStatus;
  inserted: boolean;
}

import type { DeliveryPolicy } from '../campaigns/campaign.entity.js';
import type { LetterTarget } from '../letters/letter-composition.js';
import type { Appeal } from '../letters/letter-template.js';
import { campaignSendsSql } from '../campaigns/delivery-start.js';
import { LETTER_OUTCOME_EVENTS, letterOutcomeEventsSql, recordEventsCte } from '../webhooks/webhook-outbox.sql.js';
import type { AttemptOutcome } from './delivery-attempt.entity.js';
import { fromStatesSql } from './delivery-transitions.js';

/** A claimed letter and everything needed to write it: one row of CLAIM_SQL. */
export interface ClaimedLetter {
  id: string;
  attempts: number;
  signature_id: string | null;
  period_start: Date | null;
  period_end: Date | null;
  campaign_id: string;
  slug: string;
  campaign_title: string;
  appeal: Appeal;
  delivery: DeliveryPolicy;
  target_name: string;
  target_title: string;
  organization: string;
  target_email: string;
  locale: string;
  /** the target's country and tags: with its organization, they choose the letter's version */
  target_country: string | null;
  target_tags: string[];
  /** the target's own IANA time zone (null: its country's only zone, else UTC): office hours are read in it */
  target_time_zone: string | null;
  first_name: string | null;
  last_name: string | null;
  supporter_email: string | null;
  country: string | null;
  comment: string | null;
  /** the letter's body as the supporter wrote it (null: the campaign's letter) */
  letter_body: string | null;
}

/** The official a claimed letter is written to, as the letter's composition takes it (its version and translation chosen from these). */
export function claimedTarget(row: ClaimedLetter): LetterTarget {
  return {
    name: row.target_name,
    title: row.target_title,
    organization: row.organization,
    email: row.target_email,
    locale: row.locale,
    country: row.target_country,
    tags: row.target_tags ?? [],
  };
}

/**
 * Claims letters (queued/retrying → sending) in one statement and answers everything each needs:
 * only the rows that may be sent now change (campaign live or closed and past its
 * delivery.startAt, target launched, active and not failing, its letters not held after a
 * substantive reply (campaign_targets.reply_held_since), signature confirmed, not erased and not
 * waiting for review (src/moderation); a signature approved without its text sends the campaign's
 * letter, without the supporter's words).
 * The rows are reached by primary key: the guards are per-row checks (`OFFSET 0` keeps PostgreSQL
 * from turning them into joins it might drive from, which with the statistics of a fast-growing
 * table scans a whole backlog). For the same reason the status is tested as `COALESCE(d.status, '')`,
 * which no partial index on status matches: on a table a launch's backfill has just filled, never
 * analysed, PostgreSQL otherwise plans a BitmapAnd of the primary key with ix_deliveries_owed, and
 * each claim of a few letters reads every owed row's index entry (measured with
 * bench/deliver-defaults.mjs: 123 million index entries read for 20,000 letters, 4,126 claims). The Message-ID is <DELIVERY_ID@MAIL_DOMAIN>, set once and kept on
 * every attempt. $1 the delivery ids, $2 MAIL_DOMAIN.
 */
export const CLAIM_SQL = `
  WITH claimed AS (
    UPDATE deliveries d
       SET status = 'sending', attempts = d.attempts + 1, claimed_at = now(), updated_at = now(),
           message_id = COALESCE(d.message_id, '<' || d.id || '@' || $2::text || '>')
     WHERE d.id = ANY($1::uuid[]) AND COALESCE(d.status, '') IN ${fromStatesSql('claim')}
       AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = d.campaign_id AND ${campaignSendsSql('c')} OFFSET 0)
       AND EXISTS (SELECT 1 FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id AND t.active AND t.failing_since IS NULL
                    WHERE ct.campaign_id = d.campaign_id AND ct.target_id = d.target_id AND ct.status = 'launched'
                      AND ct.reply_held_since IS NULL OFFSET 0)
       AND (d.signature_id IS NULL OR EXISTS (SELECT 1 FROM signatures s
                                               WHERE s.id = d.signature_id AND s.status = 'confirmed' AND s.erased_at IS NULL
                                                 AND s.review_status IS DISTINCT FROM 'pending' OFFSET 0))
    RETURNING d.*
  )
  SELECT d.id, d.attempts, d.signature_id, d.period_start, d.period_end, d.campaign_id,
         c.slug, c.title AS campaign_title, c.appeal, c.delivery,
         t.name AS target_name, t.title AS target_title, t.organization, t.email AS target_email, t.locale,
         t.country AS target_country, t.tags AS target_tags, t.time_zone AS target_time_zone,
         p.first_name, p.last_name, p.email AS supporter_email, p.country,
         CASE WHEN s.review_status = 'approved-without-text' THEN NULL ELSE s.comment END AS comment,
         CASE WHEN s.review_status = 'approved-without-text' THEN NULL ELSE s.letter_body END AS letter_body
    FROM claimed d
    JOIN campaigns c ON c.id = d.campaign_id
    JOIN targets t ON t.id = d.target_id
    LEFT JOIN signatures s ON s.id = d.signature_id
    LEFT JOIN supporters p ON p.id = s.supporter_id`;

/** The outcome of one SMTP attempt at a claimed letter. */
export interface AttemptRecord {
  id: string;
  /** sent, retrying, failed, or queued again (unreachable: the attempt is given back) */
  status: 'sent' | 'retrying' | 'failed' | 'queued';
  attempt: number;
  response: string;
  started: Date;
  outcome: AttemptOutcome;
  durationMs: number;
}

/** One row of RECORD_SQL: how long after confirmation the letter was settled (for the metrics). */
export interface RecordedLetter {
  id: string;
  since_confirmed: number | null;
}

/**
 * Records attempts in one statement: each delivery's new status and a row of its history; answers,
 * for the metrics, how long after confirmation each letter was settled. (The primary key is the
 * only way in, as in CLAIM_SQL.) Every outcome starts from `sending`: markSent, markRetrying,
 * markFailed and giveBack all do. A letter sent, or failed for good, is a webhook event
 * (`letter.sent`, `letter.failed`) for the endpoints subscribed to it: the `hooks` CTEs, the
 * webhook outbox's text, whose guard makes them write and read nothing while no enabled endpoint
 * subscribes (measured: docs/webhooks.md, "Cost").
 */
export const RECORD_SQL = `
  WITH v AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::text[], $7::int[])
      AS v(id, status, attempt, response, started_at, outcome, duration_ms)
  ), candidates AS MATERIALIZED (
    SELECT id FROM deliveries WHERE id = ANY($1::uuid[])
  ), d AS (
    UPDATE deliveries x
       SET status = v.status, updated_at = now(),
           attempts = CASE WHEN v.outcome = 'unreachable' THEN x.attempts - 1 ELSE x.attempts END,
           sent_at = CASE WHEN v.status = 'sent' THEN now() ELSE x.sent_at END,
           smtp_response = CASE WHEN v.status = 'sent' THEN v.response ELSE x.smtp_response END,
           last_error = CASE WHEN v.status = 'sent' THEN NULL ELSE v.response END
      FROM candidates JOIN v ON v.id = candidates.id
     WHERE x.id = candidates.id AND x.status IN ${fromStatesSql('markSent')}
    RETURNING x.id, x.signature_id, x.created_at, x.campaign_id, x.target_id, x.status, x.attempts, x.last_error
  ), history AS (
    INSERT INTO delivery_attempts (delivery_id, attempt, started_at, outcome, response, duration_ms)
    SELECT id, attempt, started_at, outcome, response, duration_ms FROM v
  ), ${recordEventsCte('hooks', letterOutcomeEventsSql('d'), LETTER_OUTCOME_EVENTS)}
  SELECT d.id, extract(epoch FROM now() - coalesce(s.confirmed_at, d.created_at))::float8 AS since_confirmed
    FROM d LEFT JOIN signatures s ON s.id = d.signature_id`;

import type { WebhookEventType } from './webhook-events.js';

/**
 * The SQL that records webhook events, apart from WebhookOutbox so that the statements of other
 * owners (the letter record, src/deliveries/letter-claim.sql.ts, which the delivery benchmark
 * runs from dist/ without the framework) can compose it into their own round trip, as the signing
 * statement composes the notification outbox's. With WebhookOutbox, the only text that writes
 * `webhook_events` and `webhook_deliveries`.
 *
 * Every event is written behind a guard: an uncorrelated EXISTS over the (few) enabled endpoints
 * subscribed to the event types in question. PostgreSQL evaluates it once per statement, as a
 * one-time filter above the rows that would make the events; while nobody subscribes it is false,
 * and those rows (their joins, their JSON) are never computed. That is what lets the letter
 * record carry events without costing anything while no endpoint wants them.
 */

/** `'a', 'b'`: event types as SQL literals (constants of webhook-events.ts, never input). */
function typesSql(types: readonly WebhookEventType[]): string {
  if (!types.length) throw new Error('at least one event type');
  return types.map((t) => `'${t}'`).join(', ');
}

/** True when an enabled endpoint subscribes to any of `types`: one look at a table of a few rows. */
export function subscribedSql(types: readonly WebhookEventType[]): string {
  return `EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled AND events && ARRAY[${typesSql(types)}]::text[])`;
}

/**
 * Two CTEs for a WITH list: `name` writes the events of `source` (a SELECT answering the columns
 * `type` text, `supporter_id` uuid or null, `payload` jsonb; its order is the events' order) whose
 * type an enabled endpoint subscribes to, and `name`_deliveries one delivery of each to every
 * such endpoint. `types` lists every type `source` may answer: the guard asks about those. No
 * endpoint subscribed: no row, and `source` is not run. `name` answers the events written (id,
 * seq, type, supporter_id).
 */
export function recordEventsCte(name: string, source: string, types: readonly WebhookEventType[]): string {
  return `${name} AS (
    INSERT INTO webhook_events (type, supporter_id, payload)
    SELECT src.type, src.supporter_id, src.payload FROM (${source}) src
     WHERE ${subscribedSql(types)}
       AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.enabled AND src.type = ANY(e.events))
    RETURNING id, seq, type, supporter_id
  ), ${name}_deliveries AS (
    INSERT INTO webhook_deliveries (event_id, endpoint_id, supporter_id, seq)
    SELECT ev.id, e.id, ev.supporter_id, ev.seq FROM ${name} ev JOIN webhook_endpoints e ON e.enabled AND ev.type = ANY(e.events)
  )`;
}

/**
 * The `data` of a letter event: `d` a row of `deliveries` (or a CTE returning its id,
 * signature_id, campaign_id, target_id, status, attempts and last_error), `s` its signature (null
 * for a digest letter), `c` its campaign.
 */
export function letterPayloadSql(d: string, s: string, c: string): string {
  return `jsonb_build_object(
      'deliveryId', ${d}.id, 'signatureId', ${d}.signature_id, 'supporterId', ${s}.supporter_id, 'targetId', ${d}.target_id,
      'campaign', jsonb_build_object('id', ${c}.id, 'slug', ${c}.slug, 'title', ${c}.title),
      'status', ${d}.status, 'attempts', ${d}.attempts, 'at', now(),
      'reason', CASE WHEN ${d}.status <> 'sent' THEN ${d}.last_error END)`;
}

/**
 * The events of letters just settled by an attempt, for recordEventsCte: `letter.sent` and
 * `letter.failed` (failed for good; a letter to be retried reports nothing yet) of the rows of the
 * CTE `d` (deliveries columns, as letterPayloadSql reads them).
 */
export function letterOutcomeEventsSql(d: string): string {
  return `SELECT CASE ${d}.status WHEN 'sent' THEN 'letter.sent' ELSE 'letter.failed' END AS type, ls.supporter_id,
           ${letterPayloadSql(d, 'ls', 'lc')} AS payload
      FROM ${d} JOIN campaigns lc ON lc.id = ${d}.campaign_id LEFT JOIN signatures ls ON ls.id = ${d}.signature_id
     WHERE ${d}.status IN ('sent', 'failed')`;
}

/** The event types letterOutcomeEventsSql answers. */
export const LETTER_OUTCOME_EVENTS = ['letter.sent', 'letter.failed'] as const satisfies readonly WebhookEventType[];

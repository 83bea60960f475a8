import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';
import { undispatchedSql } from '../queue/outbox-relay.js';
import {
  IMPERSONAL_PAYLOAD_KEYS,
  isWebhookEventType,
  type ConsentEventType,
  type LetterEventType,
  type SignatureEventType,
  type WebhookEventType,
} from './webhook-events.js';
import { letterPayloadSql, recordEventsCte } from './webhook-outbox.sql.js';
import { fromStatesSql, NEW_WEBHOOK_DELIVERY_STATUS, OPEN_SQL, WEBHOOK_DELIVERY_TRANSITIONS } from './webhook-transitions.js';

/** A row that names one event or delivery. */
interface IdRow {
  id: string;
}

/** An endpoint as the outbox writes it. */
export interface EndpointFields {
  url: string;
  description: string | null;
  events: WebhookEventType[];
}

/** What a worker needs for one attempt at the delivery it claimed. */
export interface ClaimedWebhook {
  id: string;
  /** attempts so far, this one included */
  attempts: number;
  event_id: string;
  type: WebhookEventType;
  payload: Record<string, unknown>;
  created_at: Date;
  url: string;
  secret: string;
  /** the secret before a rotation, while it is still honoured (null: none) */
  previous_secret: string | null;
}

/** Why a delivery could not be claimed, and when it might be. */
export type Unclaimed =
  /** delivered, failed, being attempted by another worker, or gone: nothing to do */
  | { kind: 'settled' }
  /** its endpoint is disabled: it waits, owed, until an admin enables it */
  | { kind: 'held' }
  /** its next attempt is not due yet, or an earlier delivery to the same endpoint about the same supporter is still open */
  | { kind: 'waiting'; inMs: number; blocked: boolean };

/** One HTTP attempt's outcome, as the sender hands it over. */
export interface AttemptRecord {
  id: string;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  /** the receiver's status (null: no answer) */
  statusCode: number | null;
  /** the start of its answer */
  response: string | null;
  /** why there was no answer, or why the answer was not a success */
  error: string | null;
  /** 2xx */
  ok: boolean;
  /** when not ok: the wait before the next attempt (the backoff, jittered) */
  retryInMs: number;
  /** WEBHOOK_RETRY_HOURS: still refused this long after the first attempt, it fails */
  retryHours: number;
}

/** The delivery after an attempt was recorded. */
export interface RecordedAttempt {
  status: 'delivered' | 'retrying' | 'failed';
  endpoint_id: string;
  supporter_id: string | null;
  seq: string;
  /** for a retry: milliseconds until its next attempt */
  retry_in_ms: number;
}

/** An endpoint the outbox disabled after a day of failures. */
export interface DisabledEndpoint {
  id: string;
  url: string;
  failing_since: Date;
}

/** Claims one delivery (queued/retrying → sending), when due, its endpoint enabled and nothing earlier about its supporter still open. */
const CLAIM_SQL = `
  WITH claimed AS (
    UPDATE webhook_deliveries d
       SET status = '${WEBHOOK_DELIVERY_TRANSITIONS.claim.to}', attempts = d.attempts + 1, claimed_at = now(), updated_at = now(),
           first_attempt_at = COALESCE(d.first_attempt_at, now())
     WHERE d.id = $1 AND d.status IN ${fromStatesSql('claim')} AND d.next_attempt_at <= now()
       AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.enabled)
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                        WHERE p.endpoint_id = d.endpoint_id AND p.supporter_id = d.supporter_id AND p.seq < d.seq AND p.status IN ${OPEN_SQL})
    RETURNING d.id, d.attempts, d.event_id, d.endpoint_id
  )
  SELECT c.id, c.attempts, ev.id AS event_id, ev.type, ev.payload, ev.created_at, e.url, e.secret,
         CASE WHEN e.previous_secret_until > now() THEN e.previous_secret END AS previous_secret
    FROM claimed c
    JOIN webhook_events ev ON ev.id = c.event_id
    JOIN webhook_endpoints e ON e.id = c.endpoint_id`;

/** Why one delivery is not claimable: its status, its endpoint, and the earliest open delivery before it about the same supporter. */
const UNCLAIMED_SQL = `
  SELECT d.status, e.enabled,
         greatest(0, ceil(extract(epoch FROM d.next_attempt_at - now()) * 1000))::float8 AS due_in_ms,
         b.status AS blocker_status,
         greatest(0, ceil(extract(epoch FROM b.next_attempt_at - now()) * 1000))::float8 AS blocker_due_in_ms
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.id = d.endpoint_id
    LEFT JOIN LATERAL (
      SELECT p.status, p.next_attempt_at FROM webhook_deliveries p
       WHERE p.endpoint_id = d.endpoint_id AND p.supporter_id = d.supporter_id AND p.seq < d.seq AND p.status IN ${OPEN_SQL}
       ORDER BY p.seq LIMIT 1
    ) b ON true
   WHERE d.id = $1`;

/**
 * One attempt's outcome: the delivery (sending → delivered, retrying or failed: failed once
 * WEBHOOK_RETRY_HOURS have passed since its first attempt; a retry's next attempt never later
 * than that), a row of its attempt log, and its endpoint's run of failures (started by a failure,
 * ended by a success).
 */
const RECORD_ATTEMPT_SQL = `
  WITH d AS (
    UPDATE webhook_deliveries d
       SET status = CASE WHEN $3::boolean THEN '${WEBHOOK_DELIVERY_TRANSITIONS.markDelivered.to}'
                         WHEN now() >= d.first_attempt_at + make_interval(secs => $10::float8 * 3600) THEN '${WEBHOOK_DELIVERY_TRANSITIONS.markFailed.to}'
                         ELSE '${WEBHOOK_DELIVERY_TRANSITIONS.markRetrying.to}' END,
           next_attempt_at = CASE WHEN $3::boolean THEN d.next_attempt_at
                                  ELSE least(now() + make_interval(secs => $9::float8 / 1000), d.first_attempt_at + make_interval(secs => $10::float8 * 3600)) END,
           delivered_at = CASE WHEN $3::boolean THEN now() ELSE d.delivered_at END,
           last_status_code = $4::int, updated_at = now(),
           last_error = CASE WHEN $3::boolean THEN NULL ELSE COALESCE($7::text, 'answered ' || $4::int || COALESCE(': ' || left($8::text, 200), '')) END
     WHERE d.id = $1 AND d.status IN ${fromStatesSql('markDelivered')}
    RETURNING d.id, d.status, d.endpoint_id, d.supporter_id, d.seq,
              greatest(0, ceil(extract(epoch FROM d.next_attempt_at - now()) * 1000))::float8 AS retry_in_ms
  ), attempt AS (
    INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, duration_ms, response, error)
    SELECT d.id, $2::int, $5::timestamptz, $4::int, $6::int, $8::text, $7::text FROM d
  ), endpoint AS (
    UPDATE webhook_endpoints e SET failing_since = CASE WHEN $3::boolean THEN NULL ELSE now() END, updated_at = now()
      FROM d WHERE e.id = d.endpoint_id AND (e.failing_since IS NULL) = NOT $3::boolean
  )
  SELECT status, endpoint_id, supporter_id, seq, retry_in_ms FROM d`;

/** Marks up to $1 new deliveries as handed to the queue, skipping rows another relay holds. */
const TAKE_UNDISPATCHED_SQL = `
  WITH batch AS (
    SELECT id FROM webhook_deliveries
     WHERE ${undispatchedSql('webhook_deliveries', NEW_WEBHOOK_DELIVERY_STATUS)}
     ORDER BY seq
     LIMIT $1
     FOR UPDATE SKIP LOCKED
  )
  UPDATE webhook_deliveries d SET dispatched_at = now() FROM batch WHERE d.id = batch.id
  RETURNING d.id`;

/** The columns a replayed delivery starts again from. */
const REPLAYED = `status = '${WEBHOOK_DELIVERY_TRANSITIONS.replay.to}', attempts = 0, first_attempt_at = NULL, next_attempt_at = now(),
                  delivered_at = NULL, last_status_code = NULL, last_error = NULL, dispatched_at = now(), updated_at = now()`;

/**
 * The webhook outbox: the only writer of `webhook_endpoints`, `webhook_events`,
 * `webhook_deliveries` and `webhook_attempts`. Producers record events in the transaction of the
 * change they report (record…, which take the caller's EntityManager: PostgreSQL is the truth, as
 * for letters); a relay hands new deliveries to the `webhooks` queue; a worker claims one, makes
 * one HTTP attempt and records it; the reconciler re-enqueues what Redis lost. Every move of a
 * delivery's status goes along WEBHOOK_DELIVERY_TRANSITIONS (webhook-transitions.ts). The one text
 * outside this class is webhook-outbox.sql.ts, which other owners' statements compose (the letter
 * record). Nothing here touches the queue.
 */
@Injectable()
export class WebhookOutbox {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ── recording events (in the caller's transaction) ──────────────────────────────────────────

  /**
   * Records an event and one delivery per enabled endpoint subscribed to `type`, in one statement
   * of the caller's transaction; nothing at all when no endpoint subscribes. `supporterId` keys
   * the order: a supporter's events reach each endpoint in the order they were recorded (null: no
   * order to keep). `data` is the event's `data`, as sent. Answers the event's id, or null when
   * none was recorded.
   *
   * `supporter.erased` also removes, from the supporter's earlier events still kept, everything
   * but ids, statuses, times and campaigns (IMPERSONAL_PAYLOAD_KEYS): a delivery still owed then
   * carries no personal data either.
   */
  async record(em: EntityManager, type: WebhookEventType, supporterId: string | null, data: object): Promise<string | null> {
    if (!isWebhookEventType(type)) throw new Error(`unknown webhook event type ${JSON.stringify(type)}`);
    if (type === 'supporter.erased' && supporterId) await this.forgetSupporter(em, supporterId);
    return this.insert(em, `SELECT $1::text AS type, $2::uuid AS supporter_id, $3::jsonb AS payload`, [type], [type, supporterId, JSON.stringify(data)]);
  }

  /**
   * A signature event, its payload read from the signature: ids, the campaign, status and times;
   * for `signature.confirmed` also the supporter's name, email and country and the language they
   * signed in (what a CRM needs to add them).
   */
  recordSignature(em: EntityManager, type: SignatureEventType, signatureId: string): Promise<string | null> {
    return this.insert(
      em,
      `SELECT $1::text AS type, s.supporter_id,
              jsonb_build_object('signatureId', s.id, 'supporterId', s.supporter_id,
                                 'campaign', jsonb_build_object('id', c.id, 'slug', c.slug, 'title', c.title),
                                 'status', s.status, 'signedAt', s.created_at, 'confirmedAt', s.confirmed_at, 'withdrawnAt', s.withdrawn_at)
              || CASE WHEN $1::text = 'signature.confirmed'
                      THEN jsonb_build_object('supporter', jsonb_build_object('firstName', p.first_name, 'lastName', p.last_name,
                                                                              'email', p.email, 'country', p.country),
                                              'locale', s.locale)
                      ELSE '{}'::jsonb END AS payload
         FROM signatures s JOIN supporters p ON p.id = s.supporter_id JOIN campaigns c ON c.id = s.campaign_id
        WHERE s.id = $2`,
      [type],
      [type, signatureId],
    );
  }

  /**
   * A consent event, its payload read from the signature: ids, the campaign, the words the
   * supporter agreed to and their language, when given (and withdrawn); for `consent.given` also
   * the supporter's name, email and country. Only when the signature is in that state (given:
   * confirmed and holding a consent; withdrawn: withdrawn), and once per state: an event for the
   * same signature and the same time is not made twice, so a caller may call it whenever a consent
   * may have changed.
   */
  recordConsent(em: EntityManager, type: ConsentEventType, signatureId: string): Promise<string | null> {
    return this.insert(
      em,
      `SELECT $1::text AS type, s.supporter_id,
              jsonb_build_object('signatureId', s.id, 'supporterId', s.supporter_id,
                                 'campaign', jsonb_build_object('id', c.id, 'slug', c.slug, 'title', c.title),
                                 'text', s.opt_in_text, 'locale', s.opt_in_locale, 'givenAt', s.opt_in_at, 'withdrawnAt', s.opt_in_withdrawn_at)
              || CASE WHEN $1::text = 'consent.given'
                      THEN jsonb_build_object('supporter', jsonb_build_object('firstName', p.first_name, 'lastName', p.last_name,
                                                                              'email', p.email, 'country', p.country))
                      ELSE '{}'::jsonb END AS payload
         FROM signatures s JOIN supporters p ON p.id = s.supporter_id JOIN campaigns c ON c.id = s.campaign_id
        WHERE s.id = $2 AND s.opt_in_at IS NOT NULL
          AND CASE WHEN $1::text = 'consent.given' THEN s.status = 'confirmed' AND s.opt_in_withdrawn_at IS NULL ELSE s.opt_in_withdrawn_at IS NOT NULL END
          AND NOT EXISTS (SELECT 1 FROM webhook_events e
                           WHERE e.supporter_id = s.supporter_id AND e.type = $1::text AND e.payload->>'signatureId' = s.id::text
                             AND e.payload->'givenAt' = to_jsonb(s.opt_in_at)
                             AND e.payload->'withdrawnAt' = COALESCE(to_jsonb(s.opt_in_withdrawn_at), 'null'::jsonb))`,
      [type],
      [type, signatureId],
    );
  }

  /** A letter event, its payload read from the letter (letterPayloadSql: ids, campaign, status, attempts, the reason of a failure or bounce). */
  recordLetter(em: EntityManager, type: LetterEventType, deliveryId: string): Promise<string | null> {
    return this.insert(
      em,
      `SELECT $1::text AS type, s.supporter_id, ${letterPayloadSql('d', 's', 'c')} AS payload
         FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id LEFT JOIN signatures s ON s.id = d.signature_id
        WHERE d.id = $2`,
      [type],
      [type, deliveryId],
    );
  }

  /**
   * `reply.received`: an official's reply stored (src/replies), in the transaction that stored it.
   * Its payload read from the reply: ids (the reply, the letter it answers, its signature and
   * supporter: null for a digest), the target, the campaign, how it was classified (`kind`, `autoReason`),
   * the sender, its subject and when it came; not its text (GET /api/replies/:id has it).
   */
  recordReply(em: EntityManager, replyId: string): Promise<string | null> {
    return this.insert(
      em,
      `SELECT 'reply.received'::text AS type, s.supporter_id,
              jsonb_build_object('replyId', r.id, 'deliveryId', r.delivery_id, 'signatureId', r.signature_id, 'supporterId', s.supporter_id,
                                 'targetId', r.target_id, 'campaign', jsonb_build_object('id', c.id, 'slug', c.slug, 'title', c.title),
                                 'kind', r.kind, 'autoReason', r.auto_reason,
                                 'from', jsonb_build_object('address', r.from_address, 'name', r.from_name),
                                 'subject', r.subject, 'receivedAt', r.received_at) AS payload
         FROM replies r JOIN campaigns c ON c.id = r.campaign_id LEFT JOIN signatures s ON s.id = r.signature_id
        WHERE r.id = $1`,
      ['reply.received'],
      [replyId],
    );
  }

  private async insert(em: EntityManager, source: string, types: WebhookEventType[], params: unknown[]): Promise<string | null> {
    const rows = await em.query<IdRow[]>(`WITH ${recordEventsCte('ev', source, types)} SELECT id FROM ev`, params);
    return rows[0]?.id ?? null;
  }

  /** An erasure: the supporter's events keep only what names nothing personal. */
  private async forgetSupporter(em: EntityManager, supporterId: string): Promise<void> {
    await em.query(
      `UPDATE webhook_events
          SET payload = (SELECT COALESCE(jsonb_object_agg(k, v), '{}'::jsonb) FROM jsonb_each(payload) AS kv(k, v) WHERE k = ANY($2::text[]))
        WHERE supporter_id = $1 AND EXISTS (SELECT 1 FROM jsonb_object_keys(payload) AS key(k) WHERE k <> ALL($2::text[]))`,
      [supporterId, IMPERSONAL_PAYLOAD_KEYS],
    );
  }

  // ── endpoints (an admin's changes, in their audited transaction) ────────────────────────────

  async createEndpoint(em: EntityManager, fields: EndpointFields, secret: string): Promise<string> {
    const [row] = await em.query<IdRow[]>(`INSERT INTO webhook_endpoints (url, description, events, secret) VALUES ($1, $2, $3, $4) RETURNING id`, [
      fields.url,
      fields.description,
      fields.events,
      secret,
    ]);
    return row.id;
  }

  /** Changes an endpoint's url, description or events (each left as it is when undefined). */
  async updateEndpoint(em: EntityManager, id: string, fields: Partial<EndpointFields>): Promise<void> {
    await em.query(
      `UPDATE webhook_endpoints
          SET url = COALESCE($2::text, url), events = COALESCE($3::text[], events),
              description = CASE WHEN $4::boolean THEN $5::text ELSE description END, updated_at = now()
        WHERE id = $1`,
      [id, fields.url ?? null, fields.events ?? null, fields.description !== undefined, fields.description ?? null],
    );
  }

  /** An admin disables it: no new event is owed to it, its deliveries still owed are held. */
  async disableEndpoint(em: EntityManager, id: string, reason: string): Promise<void> {
    await em.query(`UPDATE webhook_endpoints SET enabled = false, disabled_at = now(), disabled_reason = $2, updated_at = now() WHERE id = $1 AND enabled`, [
      id,
      reason,
    ]);
  }

  /**
   * Enabled again: its run of failures forgotten, and the deliveries held meanwhile due now, with
   * a fresh WEBHOOK_RETRY_HOURS each. Answers their ids, to enqueue.
   */
  async enableEndpoint(em: EntityManager, id: string): Promise<string[]> {
    await em.query(
      `UPDATE webhook_endpoints SET enabled = true, failing_since = NULL, disabled_at = NULL, disabled_reason = NULL, updated_at = now()
        WHERE id = $1 AND NOT enabled`,
      [id],
    );
    const rows = await em.query<IdRow[]>(
      `WITH r AS (
         UPDATE webhook_deliveries SET first_attempt_at = NULL, next_attempt_at = now(), dispatched_at = now(), updated_at = now()
          WHERE endpoint_id = $1 AND status IN ${fromStatesSql('claim')}
         RETURNING id, seq
       ) SELECT id FROM r ORDER BY seq`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  /** A new secret; the one before it still signs (a second signature) until `graceHours` have passed. */
  async rotateSecret(em: EntityManager, id: string, secret: string, graceHours: number): Promise<void> {
    await em.query(
      `UPDATE webhook_endpoints
          SET previous_secret = secret, previous_secret_until = now() + make_interval(secs => $3::float8 * 3600), secret = $2, updated_at = now()
        WHERE id = $1`,
      [id, secret, graceHours],
    );
  }

  /** Deletes an endpoint with its deliveries and their attempts (the events stay for the other endpoints; retention takes them later). */
  async deleteEndpoint(em: EntityManager, id: string): Promise<boolean> {
    const rows = await em.query<IdRow[]>(`WITH x AS (DELETE FROM webhook_endpoints WHERE id = $1 RETURNING id) SELECT id FROM x`, [id]);
    return rows.length > 0;
  }

  /**
   * Endpoints whose every attempt has failed for `hours` (or the one given), disabled: by the
   * system, in the caller's transaction (which audits them). Answers them.
   */
  disableFailing(em: EntityManager, hours: number, endpointId: string | null = null): Promise<DisabledEndpoint[]> {
    return em.query<DisabledEndpoint[]>(
      `WITH x AS (
         UPDATE webhook_endpoints
            SET enabled = false, disabled_at = now(), updated_at = now(),
                disabled_reason = 'every attempt failed for ' || $1::text || ' hours (since ' || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC)'
          WHERE enabled AND failing_since <= now() - make_interval(secs => $1::float8 * 3600) AND ($2::uuid IS NULL OR id = $2::uuid)
         RETURNING id, url, failing_since
       ) SELECT * FROM x`,
      [hours, endpointId],
    );
  }

  // ── to the queue and through one HTTP attempt ───────────────────────────────────────────────

  /** The relay's step: up to `limit` new deliveries marked as handed to the queue. Answers their ids, to enqueue. */
  async takeUndispatched(limit: number): Promise<string[]> {
    const rows = await preparedQuery<IdRow>(this.db, 'webhook-relay', TAKE_UNDISPATCHED_SQL, [limit]);
    return rows.map((r) => r.id);
  }

  /** The claim (queued/retrying → sending) and what the attempt needs; null: not claimable now (see unclaimed). */
  async claim(deliveryId: string): Promise<ClaimedWebhook | null> {
    const [row] = await preparedQuery<ClaimedWebhook>(this.db, 'webhook-claim', CLAIM_SQL, [deliveryId]);
    return row ?? null;
  }

  /** Why a delivery was not claimable. */
  async unclaimed(deliveryId: string): Promise<Unclaimed> {
    const [row] = await this.db.query<
      { status: string; enabled: boolean; due_in_ms: number; blocker_status: string | null; blocker_due_in_ms: number | null }[]
    >(UNCLAIMED_SQL, [deliveryId]);
    if (!row || !(WEBHOOK_DELIVERY_TRANSITIONS.claim.from as readonly string[]).includes(row.status)) return { kind: 'settled' };
    if (!row.enabled) return { kind: 'held' };
    if (row.blocker_status) return { kind: 'waiting', inMs: row.blocker_status === 'sending' ? 0 : (row.blocker_due_in_ms ?? 0), blocked: true };
    return { kind: 'waiting', inMs: row.due_in_ms, blocked: false };
  }

  /** An attempt's outcome (see RECORD_ATTEMPT_SQL); null: the delivery was no longer `sending` (nothing recorded). */
  async recordAttempt(a: AttemptRecord): Promise<RecordedAttempt | null> {
    const [row] = await preparedQuery<RecordedAttempt>(this.db, 'webhook-record', RECORD_ATTEMPT_SQL, [
      a.id,
      a.attempt,
      a.ok,
      a.statusCode,
      a.startedAt,
      a.durationMs,
      a.error,
      a.response,
      a.retryInMs,
      a.retryHours,
    ]);
    return row ?? null;
  }

  /** The next delivery owed to an endpoint about the same supporter, after `seq`: the one a settled delivery was holding back. */
  async nextInLine(endpointId: string, supporterId: string, seq: string): Promise<string | null> {
    const [row] = await this.db.query<IdRow[]>(
      `SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 AND supporter_id = $2 AND seq > $3 AND status IN ${fromStatesSql('claim')} ORDER BY seq LIMIT 1`,
      [endpointId, supporterId, seq],
    );
    return row?.id ?? null;
  }

  /** Deliveries left in `sending` past the lease (their worker died): tried again now. Answers their ids, to enqueue again. */
  async recoverStuck(leaseSeconds: number): Promise<string[]> {
    const rows = await this.db.query<IdRow[]>(
      `WITH r AS (
         UPDATE webhook_deliveries SET status = '${WEBHOOK_DELIVERY_TRANSITIONS.recoverStuck.to}', next_attempt_at = now(), updated_at = now(),
                last_error = 'the worker attempting it stopped before recording the result; trying again'
          WHERE status IN ${fromStatesSql('recoverStuck')} AND claimed_at < now() - make_interval(secs => $1)
         RETURNING id
       ) SELECT id FROM r`,
      [leaseSeconds],
    );
    return rows.map((r) => r.id);
  }

  // ── replays (an admin's, in their audited transaction) ──────────────────────────────────────

  /** One delivered or failed delivery of the endpoint owed again, with a fresh set of attempts. False: not delivered or failed (or not the endpoint's). */
  async replay(em: EntityManager, endpointId: string, deliveryId: string): Promise<boolean> {
    const rows = await em.query<IdRow[]>(
      `WITH r AS (
         UPDATE webhook_deliveries SET ${REPLAYED}
          WHERE id = $1 AND endpoint_id = $2 AND status IN ${fromStatesSql('replay')}
         RETURNING id
       ) SELECT id FROM r`,
      [deliveryId, endpointId],
    );
    return rows.length > 0;
  }

  /** Every failed delivery of the endpoint owed again. Answers their ids, in order. */
  async replayFailed(em: EntityManager, endpointId: string): Promise<string[]> {
    const rows = await em.query<IdRow[]>(
      `WITH r AS (
         UPDATE webhook_deliveries SET ${REPLAYED}
          WHERE endpoint_id = $1 AND status = '${WEBHOOK_DELIVERY_TRANSITIONS.markFailed.to}'
         RETURNING id, seq
       ) SELECT id FROM r ORDER BY seq`,
      [endpointId],
    );
    return rows.map((r) => r.id);
  }

  // ── retention ───────────────────────────────────────────────────────────────────────────────

  /** Every event past `days` (purgeOld, `batch` at a time, at most `maxBatches` in one call). Answers how many. */
  async purgeExpired(days: number, batch = 5000, maxBatches = 100): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.purgeOld(days, batch);
      total += n;
      if (n < batch) break;
    }
    return total;
  }

  /**
   * Up to `limit` events older than `days` none of whose deliveries is still owed, deleted with
   * their deliveries and attempts. Answers how many.
   */
  async purgeOld(days: number, limit: number): Promise<number> {
    const rows = await this.db.query<IdRow[]>(
      `WITH old AS (
         SELECT ev.id FROM webhook_events ev
          WHERE ev.created_at < now() - make_interval(days => $1)
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = ev.id AND d.status IN ${OPEN_SQL})
          ORDER BY ev.created_at LIMIT $2
       ), gone AS (
         DELETE FROM webhook_events ev USING old WHERE ev.id = old.id RETURNING ev.id
       ) SELECT id FROM gone`,
      [days, limit],
    );
    return rows.length;
  }
}

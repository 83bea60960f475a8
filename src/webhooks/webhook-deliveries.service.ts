import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import type {
  ListWebhookDeliveriesQuery,
  WebhookAttemptItem,
  WebhookDeliveryItem,
  WebhookDeliveryPage,
  WebhookReplayResponse,
} from './dto/webhook-delivery.view.js';
import type { WebhookDeliveryStatus } from './webhook-delivery.entity.js';
import type { WebhookEventType } from './webhook-events.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookOutbox } from './webhook-outbox.js';
import { allows, WEBHOOK_DELIVERY_TRANSITIONS } from './webhook-transitions.js';

/** how many delivery ids a bulk replay's audit entry lists (the count is always there) */
const AUDITED_IDS = 1000;

interface DeliveryRow {
  id: string;
  event_id: string;
  type: WebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
  seq: string;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: Date;
  status_code: number | null;
  duration_ms: number;
  response: string | null;
  error: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * An endpoint's deliveries, newest first, each with its attempt log; and replays: one delivered
 * or failed delivery, or every failed one, owed again with a fresh set of attempts (audited
 * `webhook.replay`, `webhook.replay-failed`), then handed to the queue. A replayed delivery keeps
 * its place in its supporter's order.
 */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly endpoints: WebhookEndpointsService,
    private readonly outbox: WebhookOutbox,
    private readonly dispatcher: WebhookDispatcher,
    private readonly audit: AuditService,
  ) {}

  async list(endpointId: string, query: ListWebhookDeliveriesQuery): Promise<WebhookDeliveryPage> {
    await this.endpoints.get(endpointId);
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, ['string']);
    if (after && !/^\d{1,19}$/.test(String(after[0]))) throw new BadRequestException('cursor is not one this API gave out');
    const params: unknown[] = [endpointId, limit + 1];
    const where = ['d.endpoint_id = $1'];
    if (query.status) where.push(`d.status = $${params.push(query.status)}`);
    if (after) where.push(`d.seq < $${params.push(after[0])}::bigint`);
    const rows = await this.db.query<DeliveryRow[]>(
      `SELECT d.id, d.event_id, ev.type, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.last_error, d.delivered_at,
              ev.created_at, d.seq::text AS seq
         FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
        WHERE ${where.join(' AND ')}
        ORDER BY d.seq DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit);
    const attempts = page.length
      ? await this.db.query<AttemptRow[]>(
          `SELECT delivery_id, attempt, at, status_code, duration_ms, response, error FROM webhook_attempts
            WHERE delivery_id = ANY($1::uuid[]) ORDER BY at, attempt`,
          [page.map((r) => r.id)],
        )
      : [];
    const history = new Map<string, WebhookAttemptItem[]>();
    for (const a of attempts) {
      const list = history.get(a.delivery_id) ?? [];
      list.push({ attempt: a.attempt, at: iso(a.at)!, statusCode: a.status_code, durationMs: a.duration_ms, response: a.response, error: a.error });
      history.set(a.delivery_id, list);
    }
    const items: WebhookDeliveryItem[] = page.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      type: r.type,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: iso(r.next_attempt_at)!,
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      deliveredAt: iso(r.delivered_at),
      createdAt: iso(r.created_at)!,
      history: history.get(r.id) ?? [],
    }));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null };
  }

  async replay(staff: StaffPrincipal, endpointId: string, deliveryId: string): Promise<WebhookReplayResponse> {
    await this.db.transaction(async (em) => {
      const endpoint = await this.endpoints.locked(em, endpointId);
      const [row] = await em.query<{ status: WebhookDeliveryStatus; event_id: string; type: WebhookEventType }[]>(
        `SELECT d.status, d.event_id, ev.type FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
          WHERE d.id = $1 AND d.endpoint_id = $2 FOR UPDATE OF d`,
        [deliveryId, endpointId],
      );
      if (!row) throw new NotFoundException(`No delivery ${deliveryId} to webhook endpoint ${endpointId}`);
      if (!allows('replay', row.status)) {
        throw new ConflictException(`the delivery is ${row.status}: only a ${WEBHOOK_DELIVERY_TRANSITIONS.replay.from.join(' or ')} one can be replayed`);
      }
      if (!endpoint.enabled) throw disabled();
      await this.outbox.replay(em, endpointId, deliveryId);
      await this.audit.record(
        staff,
        'webhook.replay',
        { type: 'webhook', id: endpointId },
        { deliveryId, eventId: row.event_id, eventType: row.type, previousStatus: row.status },
        em,
      );
    });
    await this.dispatcher.requeue([deliveryId]);
    return { replayed: 1 };
  }

  async replayFailed(staff: StaffPrincipal, endpointId: string): Promise<WebhookReplayResponse> {
    const ids = await this.db.transaction(async (em) => {
      const endpoint = await this.endpoints.locked(em, endpointId);
      if (!endpoint.enabled) throw disabled();
      const replayed = await this.outbox.replayFailed(em, endpointId);
      await this.audit.record(
        staff,
        'webhook.replay-failed',
        { type: 'webhook', id: endpointId },
        { replayed: replayed.length, deliveryIds: replayed.slice(0, AUDITED_IDS) },
        em,
      );
      return replayed;
    });
    await this.dispatcher.requeue(ids);
    return { replayed: ids.length };
  }
}

function disabled(): ConflictException {
  return new ConflictException('the endpoint is disabled: enable it first (PATCH enabled: true), which also sends what waited for it');
}

import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import type { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook-endpoint.dto.js';
import type { WebhookEndpointView, WebhookEndpointWithSecret } from './dto/webhook-endpoint.view.js';
import { endpointUrlProblem, redactedUrl } from './endpoint-url.js';
import type { WebhookEventType } from './webhook-events.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookOutbox } from './webhook-outbox.js';
import { newWebhookSecret } from './webhook-signing.js';
import { OPEN_SQL } from './webhook-transitions.js';

/** after a rotation, deliveries carry a signature with the old secret too, for this long */
export const ROTATION_GRACE_HOURS = 24;

interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  enabled: boolean;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  owed: number;
  failed: number;
  created_at: Date;
  updated_at: Date;
}

const ENDPOINTS_SQL = `
  SELECT e.id, e.url, e.description, e.events, e.enabled, e.failing_since, e.disabled_at, e.disabled_reason, e.created_at, e.updated_at,
         (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status IN ${OPEN_SQL})::int AS owed,
         (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'failed')::int AS failed
    FROM webhook_endpoints e`;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function view(r: EndpointRow): WebhookEndpointView {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: r.events,
    enabled: r.enabled,
    failingSince: iso(r.failing_since),
    disabledAt: iso(r.disabled_at),
    disabledReason: r.disabled_reason,
    owed: r.owed,
    failed: r.failed,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/**
 * Admins' webhook endpoints: registering one (its URL checked against the SSRF rules, its secret
 * answered once), changing, disabling and enabling, rotating its secret, deleting it. Every change
 * is audited in its own transaction (`webhook.create`, `webhook.update`, `webhook.rotate-secret`,
 * `webhook.delete`; never a secret); the tables are written by WebhookOutbox.
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: WebhookOutbox,
    private readonly dispatcher: WebhookDispatcher,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async list(): Promise<WebhookEndpointView[]> {
    const rows = await this.db.query<EndpointRow[]>(`${ENDPOINTS_SQL} ORDER BY e.created_at, e.id`);
    return rows.map(view);
  }

  async get(id: string): Promise<WebhookEndpointView> {
    const [row] = await this.db.query<EndpointRow[]>(`${ENDPOINTS_SQL} WHERE e.id = $1`, [id]);
    if (!row) throw new NotFoundException(`No webhook endpoint ${id}`);
    return view(row);
  }

  async create(staff: StaffPrincipal, dto: CreateWebhookDto): Promise<WebhookEndpointWithSecret> {
    await this.assertUrl(dto.url);
    const secret = newWebhookSecret();
    const fields = { url: dto.url, description: dto.description ?? null, events: dto.events };
    const id = await this.db.transaction(async (em) => {
      const made = await this.outbox.createEndpoint(em, fields, secret);
      await this.audit.record(staff, 'webhook.create', { type: 'webhook', id: made }, { ...fields, url: redactedUrl(fields.url) }, em);
      return made;
    });
    return { ...(await this.get(id)), secret };
  }

  /**
   * Changes url, events, description, or enabled. Disabling holds its deliveries still owed;
   * enabling it again forgets its failures and sends them (each with a fresh WEBHOOK_RETRY_HOURS).
   * Audited with what changed (nothing changed: nothing recorded).
   */
  async update(staff: StaffPrincipal, id: string, dto: UpdateWebhookDto): Promise<WebhookEndpointView> {
    if (dto.url === undefined && dto.events === undefined && dto.enabled === undefined && dto.description === undefined) {
      throw new BadRequestException('give at least one of url, events, enabled, description');
    }
    if (dto.url !== undefined) await this.assertUrl(dto.url);
    const released = await this.db.transaction(async (em) => {
      const before = await this.locked(em, id);
      const changed: Record<string, { from: unknown; to: unknown }> = {};
      const note = (field: string, from: unknown, to: unknown) => {
        if (to !== undefined && JSON.stringify(from) !== JSON.stringify(to)) changed[field] = { from, to };
      };
      note('url', before.url, dto.url);
      if (changed.url) changed.url = { from: redactedUrl(before.url), to: redactedUrl(dto.url!) };
      note('events', before.events, dto.events);
      note('description', before.description, dto.description);
      note('enabled', before.enabled, dto.enabled);
      if (!Object.keys(changed).length) return [];
      await this.outbox.updateEndpoint(em, id, { url: dto.url, events: dto.events, description: dto.description });
      let ids: string[] = [];
      if (changed.enabled && dto.enabled === false) await this.outbox.disableEndpoint(em, id, `disabled by ${staff.email}`);
      if (changed.enabled && dto.enabled === true) ids = await this.outbox.enableEndpoint(em, id);
      await this.audit.record(staff, 'webhook.update', { type: 'webhook', id }, { ...changed, ...(ids.length ? { released: ids.length } : {}) }, em);
      return ids;
    });
    if (released.length) await this.dispatcher.requeue(released);
    return this.get(id);
  }

  /** A new secret, answered once; the old one still signs (a second signature) for ROTATION_GRACE_HOURS. */
  async rotateSecret(staff: StaffPrincipal, id: string): Promise<WebhookEndpointWithSecret> {
    const secret = newWebhookSecret();
    await this.db.transaction(async (em) => {
      await this.locked(em, id);
      await this.outbox.rotateSecret(em, id, secret, ROTATION_GRACE_HOURS);
      await this.audit.record(staff, 'webhook.rotate-secret', { type: 'webhook', id }, { previousHonouredForHours: ROTATION_GRACE_HOURS }, em);
    });
    return { ...(await this.get(id)), secret };
  }

  /** Deletes it, with its deliveries and their attempts (its deliveries still owed are not sent). */
  async remove(staff: StaffPrincipal, id: string): Promise<void> {
    await this.db.transaction(async (em) => {
      const before = await this.locked(em, id);
      await this.outbox.deleteEndpoint(em, id);
      await this.audit.record(staff, 'webhook.delete', { type: 'webhook', id }, { url: redactedUrl(before.url), events: before.events }, em);
    });
  }

  /** The endpoint, held for the rest of the transaction (404 when there is none). */
  async locked(em: EntityManager, id: string): Promise<{ url: string; events: WebhookEventType[]; description: string | null; enabled: boolean }> {
    const [row] = await em.query<{ url: string; events: WebhookEventType[]; description: string | null; enabled: boolean }[]>(
      `SELECT url, events, description, enabled FROM webhook_endpoints WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw new NotFoundException(`No webhook endpoint ${id}`);
    return row;
  }

  private async assertUrl(url: string): Promise<void> {
    const problem = await endpointUrlProblem(url, { production: this.config.production, allowPrivate: this.config.webhooks.allowPrivate });
    if (problem) throw new BadRequestException(problem);
  }
}

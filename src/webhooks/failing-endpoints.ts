import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { redactedUrl } from './endpoint-url.js';
import { WebhookOutbox, type DisabledEndpoint } from './webhook-outbox.js';

/**
 * Endpoints that have failed without a success for WEBHOOK_DISABLE_AFTER_HOURS are disabled, by
 * the system, audited (`webhook.disable`, no actor) in the same transaction: looked at after each
 * failed attempt (that endpoint) and by the maintenance scheduler (all of them, in case the last
 * attempts stopped). The dashboard lists them; an admin enables one again (PATCH enabled: true).
 */
@Injectable()
export class FailingEndpoints {
  private readonly log = new Logger(FailingEndpoints.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: WebhookOutbox,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Disables `endpointId` (or every endpoint) if it has failed long enough. Answers those disabled. */
  disable(endpointId: string | null = null): Promise<DisabledEndpoint[]> {
    const hours = this.config.webhooks.disableAfterHours;
    return this.db.transaction(async (em) => {
      const disabled = await this.outbox.disableFailing(em, hours, endpointId);
      for (const e of disabled) {
        this.log.warn(`webhook endpoint ${e.id} (${redactedUrl(e.url)}) disabled: every attempt failed since ${new Date(e.failing_since).toISOString()}`);
        await this.audit.record(
          null,
          'webhook.disable',
          { type: 'webhook', id: e.id },
          { url: redactedUrl(e.url), failingSince: new Date(e.failing_since).toISOString(), afterHours: hours },
          em,
        );
      }
      return disabled;
    });
  }
}

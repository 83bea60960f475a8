import { Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { redactedUrl } from './endpoint-url.js';
import { FailingEndpoints } from './failing-endpoints.js';
import { retryDelayMs } from './retry-backoff.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookOutbox, type ClaimedWebhook } from './webhook-outbox.js';
import { WebhookPoster } from './webhook-poster.js';
import { signedRequest } from './webhook-signing.js';

export type WebhookOutcome =
  /** the receiver answered 2xx */
  | { kind: 'delivered' }
  /** refused for WEBHOOK_RETRY_HOURS: given up (an admin may replay it) */
  | { kind: 'failed' }
  /** nothing to do: settled already, or in another worker's hands */
  | { kind: 'settled' }
  /** its endpoint is disabled: owed, held until it is enabled */
  | { kind: 'held' }
  /** try again in `inMs`: after a failed attempt (the backoff), or before its turn (not due, or an earlier delivery about the same supporter still open) */
  | { kind: 'later'; inMs: number; why: 'retry' | 'not due' | 'in order' };

/**
 * One attempt at one webhook delivery: claims the row (queued/retrying → sending: of several
 * workers only one holds it, and only when it is due, its endpoint enabled and no earlier
 * delivery to that endpoint about the same supporter is still open), signs the event, POSTs it,
 * records the outcome (delivered, retrying after a backoff, or failed past WEBHOOK_RETRY_HOURS)
 * and its attempt. A settled delivery lets the next one about the same supporter go.
 */
@Injectable()
export class WebhookSender {
  private readonly log = new Logger(WebhookSender.name);
  /** how soon a delivery waiting on an earlier one being attempted looks again (that one's end wakes it sooner) */
  private readonly pollMs: number;

  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly poster: WebhookPoster,
    private readonly dispatcher: WebhookDispatcher,
    private readonly failing: FailingEndpoints,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.pollMs = Math.min(1000, Math.max(50, config.webhooks.retryBaseMs));
  }

  async deliver(deliveryId: string): Promise<WebhookOutcome> {
    let row = await this.outbox.claim(deliveryId);
    if (!row) {
      const why = await this.outbox.unclaimed(deliveryId);
      if (why.kind !== 'waiting') return why;
      // due, free, and yet not claimed: it changed between the two statements; one more try
      if (!why.blocked && why.inMs === 0) row = await this.outbox.claim(deliveryId);
      if (!row) {
        // behind an earlier delivery: look again when it is next due (its end wakes this one sooner)
        if (why.blocked) return { kind: 'later', inMs: Math.max(why.inMs, this.pollMs), why: 'in order' };
        return { kind: 'later', inMs: why.inMs || this.pollMs, why: 'not due' };
      }
    }
    return this.attempt(row);
  }

  private async attempt(row: ClaimedWebhook): Promise<WebhookOutcome> {
    const { webhooks } = this.config;
    const secrets = row.previous_secret ? [row.secret, row.previous_secret] : [row.secret];
    const request = signedRequest({ id: row.event_id, type: row.type, createdAt: new Date(row.created_at), data: row.payload }, secrets);
    const posted = await this.poster.post(row.url, request.headers, request.body);
    const ok = posted.statusCode !== null && posted.statusCode >= 200 && posted.statusCode < 300;
    const recorded = await this.outbox.recordAttempt({
      id: row.id,
      attempt: row.attempts,
      startedAt: posted.startedAt,
      durationMs: posted.durationMs,
      statusCode: posted.statusCode,
      response: posted.response,
      error: posted.error,
      ok,
      retryInMs: retryDelayMs(row.attempts, webhooks.retryBaseMs, webhooks.retryMaxMs),
      retryHours: webhooks.retryHours,
    });
    // no longer `sending` (the lease ran out and another worker has it): nothing recorded
    if (!recorded) return { kind: 'settled' };
    if (recorded.status !== 'delivered') {
      this.log.warn(
        `webhook ${row.type} ${row.event_id} to ${redactedUrl(row.url)}, attempt ${row.attempts}: ${posted.error ?? `answered ${posted.statusCode}`}` +
          (recorded.status === 'failed' ? ' (failed for good)' : ''),
      );
      await this.failing.disable(recorded.endpoint_id).catch((e: Error) => this.log.warn(`disabling a failing endpoint: ${e.message}`));
    }
    if (recorded.status === 'retrying') return { kind: 'later', inMs: recorded.retry_in_ms, why: 'retry' };
    // settled: the next delivery about the same supporter may go now
    if (recorded.supporter_id) {
      const next = await this.outbox.nextInLine(recorded.endpoint_id, recorded.supporter_id, recorded.seq);
      if (next) await this.dispatcher.wake(next);
    }
    return { kind: recorded.status };
  }
}

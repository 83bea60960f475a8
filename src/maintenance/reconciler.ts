import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CampaignTargetsService } from '../campaigns/campaign-targets.service.js';
import { campaignSendsSql } from '../campaigns/delivery-start.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import { DeliveryLedger } from '../deliveries/delivery-ledger.js';
import { OWED_SQL } from '../deliveries/delivery-transitions.js';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.js';
import { NotificationOutbox } from '../notifications/notification-outbox.js';
import { NEW_NOTIFICATION_STATUS, fromStatesSql as notificationStatesSql } from '../notifications/notification-transitions.js';
import type { OutboxQueue } from '../queue/outbox-queue.js';
import { undispatchedSql } from '../queue/outbox-relay.js';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';
import { WebhookOutbox } from '../webhooks/webhook-outbox.js';
import { NEW_WEBHOOK_DELIVERY_STATUS, OWED_SQL as WEBHOOK_OWED_SQL } from '../webhooks/webhook-transitions.js';

const BATCH = 5000;
const MAX_PER_RUN = 50_000;

export interface ReconcileReport {
  /** rows found in `sending` past the lease (their worker died) and put back to `retrying` */
  recovered: number;
  /** owed rows that had no live job and were enqueued again */
  requeued: number;
  /** launch backfills scheduled again */
  backfills: number;
}

interface Outbox {
  table: 'deliveries' | 'notifications' | 'webhook_deliveries';
  /** the statuses of a row owed to the queue, as SQL */
  owed: string;
  /** rows left in `sending` past the lease, put back to `retrying` by their table's owner: their ids */
  recoverStuck: (leaseSeconds: number) => Promise<string[]>;
  /**
   * extra condition: letters of a paused campaign (or one before its delivery.startAt), to a failing
   * address, to an official whose substantive reply held them (onReply "hold"), or of a signature
   * waiting for review (src/moderation), and webhooks to a disabled endpoint, are held, not owed to the queue
   */
  held: string;
  queue: OutboxQueue;
  /** where the last run stopped, so a long backlog is walked through over several runs */
  cursor: [string, string] | null;
}

/**
 * PostgreSQL is the truth, the queue only carries work. Every RECONCILE_INTERVAL_SECONDS this
 * makes them agree again: a letter owed without a live job (Redis restarted empty, an enqueue
 * failed) is enqueued again; one left in `sending` by a worker that died is tried again (the
 * same Message-ID lets the receiving side recognise a repeat); a launch whose backfill never
 * finished is backfilled. Supporter emails and webhook deliveries are outboxes of the same kind
 * (a webhook's repeat carries the same `webhook-id`).
 */
@Injectable()
export class Reconciler {
  private readonly log = new Logger(Reconciler.name);
  private readonly outboxes: Outbox[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    letters: DeliveryDispatcher,
    ledger: DeliveryLedger,
    notifications: NotificationDispatcher,
    outbox: NotificationOutbox,
    private readonly campaignTargets: CampaignTargetsService,
    webhooks: WebhookDispatcher,
    webhookOutbox: WebhookOutbox,
  ) {
    this.outboxes = [
      {
        table: 'deliveries',
        owed: OWED_SQL,
        recoverStuck: (lease) => ledger.recoverStuck(lease),
        // held until delivery.startAt too: those go at startAt (a scheduled hand-over, or this pass after it)
        held: `AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = o.campaign_id AND ${campaignSendsSql('c')})
               AND NOT EXISTS (SELECT 1 FROM targets t WHERE t.id = o.target_id AND t.failing_since IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM campaign_targets ct
                                WHERE ct.campaign_id = o.campaign_id AND ct.target_id = o.target_id AND ct.reply_held_since IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM signatures s WHERE s.id = o.signature_id AND s.review_status = 'pending')`,
        queue: letters,
        cursor: null,
      },
      {
        table: 'notifications',
        owed: notificationStatesSql('claim'),
        recoverStuck: (lease) => outbox.recoverStuck(lease),
        // not yet taken by the relay: it hands them over as the queue has room (WAITING_AT_MOST)
        held: `AND NOT (${undispatchedSql('o', NEW_NOTIFICATION_STATUS)})`,
        queue: notifications,
        cursor: null,
      },
      {
        // a retry waiting for its next_attempt_at keeps a delayed job; one lost with Redis is made
        // again, and its worker puts it back to wait until then
        table: 'webhook_deliveries',
        owed: WEBHOOK_OWED_SQL,
        recoverStuck: (lease) => webhookOutbox.recoverStuck(lease),
        held: `AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = o.endpoint_id AND e.enabled)
               AND NOT (${undispatchedSql('o', NEW_WEBHOOK_DELIVERY_STATUS)})`,
        queue: webhooks,
        cursor: null,
      },
    ];
  }

  async run(): Promise<ReconcileReport> {
    const report: ReconcileReport = { recovered: 0, requeued: 0, backfills: 0 };
    for (const outbox of this.outboxes) {
      report.recovered += await this.recoverStuck(outbox);
      report.requeued += await this.requeueOwed(outbox);
    }
    report.backfills = await this.resumeBackfills();
    if (report.recovered || report.requeued || report.backfills) this.log.log(`reconciled: ${JSON.stringify(report)}`);
    return report;
  }

  private async recoverStuck(o: Outbox): Promise<number> {
    const ids = await o.recoverStuck(this.config.sendingLeaseSeconds);
    if (ids.length) await o.queue.requeue(ids);
    return ids.length;
  }

  /** Walks the owed rows older than one interval, in (updated_at, id) order, a slice per run. */
  private async requeueOwed(o: Outbox): Promise<number> {
    let requeued = 0;
    for (let seen = 0; seen < MAX_PER_RUN;) {
      const rows: { id: string; at: string }[] = await this.db.query(
        `SELECT o.id, o.updated_at::text AS at FROM ${o.table} o
          WHERE o.status IN ${o.owed} AND o.updated_at < now() - make_interval(secs => $1) ${o.held}
            ${o.cursor ? 'AND (o.updated_at, o.id) > ($3::timestamptz, $4::uuid)' : ''}
          ORDER BY o.updated_at, o.id LIMIT $2`,
        o.cursor ? [this.config.reconcileIntervalSeconds, BATCH, ...o.cursor] : [this.config.reconcileIntervalSeconds, BATCH],
      );
      if (!rows.length) {
        o.cursor = null;
        break;
      }
      requeued += await o.queue.requeue(rows.map((r) => r.id));
      seen += rows.length;
      const last = rows[rows.length - 1];
      o.cursor = [last.at, last.id];
      if (rows.length < BATCH) {
        o.cursor = null;
        break;
      }
    }
    return requeued;
  }

  private async resumeBackfills(): Promise<number> {
    const rows: { campaign_id: string; target_id: string }[] = await this.db.query(
      `SELECT campaign_id, target_id FROM campaign_targets
        WHERE status = 'launched' AND backfilled_at IS NULL AND launched_at < now() - make_interval(secs => $1)`,
      [this.config.reconcileIntervalSeconds],
    );
    for (const r of rows) await this.campaignTargets.scheduleBackfill(r.campaign_id, r.target_id);
    return rows.length;
  }
}

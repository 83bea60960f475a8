import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationDispatcher } from './notification-dispatcher.js';

const BATCH = 5000;

/**
 * Delivery receipts to supporters, for campaigns that opt in (`delivery.supporterReceipts`): once
 * every letter a confirmed signature owes is final (sent, failed or bounced; cancelled ones do not
 * count, and at least one must have reached an outcome), one `delivery_receipt` email is owed,
 * never a second (a unique index). Run on the workers' maintenance timer: a letter reaches its
 * last state on many paths (sent, failed, bounced, withdrawn, folded into a digest), and one query
 * over the signatures still waiting for a receipt covers them all.
 */
@Injectable()
export class DeliveryReceiptsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationDispatcher,
  ) {}

  /** Owes (and enqueues) the receipts now due; answers how many. */
  async oweReceipts(): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `WITH due AS (
         SELECT s.id
           FROM campaigns c
           JOIN signatures s ON s.campaign_id = c.id AND s.status = 'confirmed' AND s.erased_at IS NULL
          WHERE c.delivery->'supporterReceipts' = 'true'::jsonb AND c.status IN ('live', 'paused', 'closed')
            AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.signature_id = s.id AND n.kind = 'delivery_receipt')
            AND EXISTS (SELECT 1 FROM deliveries d WHERE d.signature_id = s.id AND d.status IN ('sent', 'failed', 'bounced'))
            AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.signature_id = s.id AND d.status IN ('queued', 'sending', 'retrying'))
          LIMIT $1
       )
       INSERT INTO notifications (kind, signature_id)
       SELECT 'delivery_receipt', id FROM due
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [BATCH],
    );
    await this.notifications.enqueue(rows.map((r) => r.id));
    return rows.length;
  }
}

import { Injectable } from '@nestjs/common';
import { NotificationDispatcher } from './notification-dispatcher.js';
import { NotificationOutbox } from './notification-outbox.js';

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
    private readonly outbox: NotificationOutbox,
    private readonly notifications: NotificationDispatcher,
  ) {}

  /** Owes (and enqueues) the receipts now due; answers how many. */
  async oweReceipts(): Promise<number> {
    const ids = await this.outbox.oweDeliveryReceipts(BATCH);
    await this.notifications.enqueue(ids);
    return ids.length;
  }
}

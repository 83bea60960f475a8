import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../auth/auth.decorators.js';
import { DeliveryDispatcher } from './delivery-dispatcher.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { allows } from './delivery-transitions.js';
import type { DeliveryStatus } from './delivery.entity.js';
import type { RetryFailedDto, RetryResponse } from './dto/retry.dto.js';

/** how many delivery ids a bulk retry's audit entry lists (the count is always there) */
const AUDITED_IDS = 1000;

/**
 * Sends failed (or bounced) letters again: back to `queued` with a fresh set of attempts (the
 * attempt history keeps the earlier ones, the Message-ID stays the same), audited in the same
 * transaction, then handed to the queue. A letter no longer owed (target or signature withdrawn)
 * is not retried.
 */
@Injectable()
export class DeliveryRetriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: DeliveryLedger,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly audit: AuditService,
  ) {}

  async retryOne(staff: StaffPrincipal, id: string): Promise<RetryResponse> {
    await this.db.transaction(async (em) => {
      const [row]: {
        status: DeliveryStatus;
        last_error: string | null;
        signature_id: string | null;
        target_status: string | null;
        signature_status: string | null;
      }[] = await em.query(
        `SELECT d.status, d.last_error, d.signature_id, ct.status AS target_status, s.status AS signature_status
             FROM deliveries d
             LEFT JOIN campaign_targets ct ON ct.campaign_id = d.campaign_id AND ct.target_id = d.target_id
             LEFT JOIN signatures s ON s.id = d.signature_id
            WHERE d.id = $1
              FOR UPDATE OF d`,
        [id],
      );
      if (!row) throw new NotFoundException(`No delivery ${id}`);
      if (!allows('retry', row.status)) {
        throw new ConflictException(`Only failed or bounced letters can be retried; this one is ${row.status}`);
      }
      if (row.target_status !== 'launched') throw new ConflictException('Its target was withdrawn from the campaign: the letter is no longer owed');
      if (row.signature_id && row.signature_status !== 'confirmed') {
        throw new ConflictException('Its signature was withdrawn: the letter is no longer owed');
      }
      await this.ledger.retry(em, id, row.status);
      await this.audit.record(staff, 'delivery.retry', { type: 'delivery', id }, { previousStatus: row.status, lastError: row.last_error }, em);
    });
    await this.dispatcher.requeue([id]);
    return { retried: 1 };
  }

  async retryFailed(staff: StaffPrincipal, dto: RetryFailedDto): Promise<RetryResponse> {
    const campaignId = dto.campaignId ?? null;
    const reason = dto.reason ?? null;
    const ids = await this.db.transaction(async (em) => {
      if (campaignId && !(await em.query<unknown[]>(`SELECT 1 FROM campaigns WHERE id = $1`, [campaignId])).length) {
        throw new NotFoundException(`No campaign ${campaignId}`);
      }
      const retried = await this.ledger.retryMatching(em, campaignId, reason);
      await this.audit.record(
        staff,
        'delivery.retry_failed',
        { type: campaignId ? 'campaign' : 'deliveries', id: campaignId },
        { reason, retried: retried.length, deliveryIds: retried.slice(0, AUDITED_IDS) },
        em,
      );
      return retried;
    });
    await this.dispatcher.requeue(ids);
    return { retried: ids.length };
  }
}

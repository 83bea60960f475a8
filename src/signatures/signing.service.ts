import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { lockCampaign } from '../database/campaign-lock.js';
import { DeliveriesService } from '../deliveries/deliveries.service.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.js';
import type { SignDto } from './dto/sign.dto.js';

export type SignResult = { status: 'pending_confirmation' } | { status: 'confirmed' };

/** Confirmation emails to one address in an hour, across campaigns: nobody can be flooded. */
const CONFIRMATIONS_PER_ADDRESS_PER_HOUR = 3;

/**
 * The supporter (upserted by email: details may be corrected until the address is verified) and
 * the signature (one per campaign and supporter; signing again changes nothing but the time).
 */
const UPSERT_SIGNATURE = `
  sup AS (
    INSERT INTO supporters (email, first_name, last_name, country, postcode)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (email) DO UPDATE SET
      first_name = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.first_name ELSE supporters.first_name END,
      last_name  = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.last_name  ELSE supporters.last_name  END,
      country    = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.country    ELSE supporters.country    END,
      postcode   = CASE WHEN supporters.verified_at IS NULL THEN EXCLUDED.postcode   ELSE supporters.postcode   END,
      updated_at = now()
    RETURNING id
  ), sig AS (
    INSERT INTO signatures (campaign_id, supporter_id, comment, source, status, confirmed_at, locale)
    SELECT $6, sup.id, $7, $8, $9, CASE WHEN $9 = 'confirmed' THEN now() END, $10::text FROM sup
    ON CONFLICT (campaign_id, supporter_id) DO UPDATE SET
      comment = CASE WHEN signatures.status = 'pending' THEN EXCLUDED.comment ELSE signatures.comment END,
      locale  = CASE WHEN signatures.status = 'pending' THEN COALESCE(EXCLUDED.locale, signatures.locale) ELSE signatures.locale END,
      updated_at = now()
    RETURNING id, status, supporter_id, (xmax = 0) AS inserted
  )`;

@Injectable()
export class SigningService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deliveries: DeliveriesService,
    private readonly letters: DeliveryDispatcher,
    private readonly notifications: NotificationDispatcher,
  ) {}

  /**
   * Signs a live campaign. The answer is the same whether or not this address had signed before,
   * so the endpoint never tells who signed. `locale` is the language the supporter signed in
   * (the web form knows it): their emails are written in it.
   */
  async sign(slug: string, dto: SignDto, locale: string | null = null): Promise<SignResult> {
    const campaign = await this.liveCampaign(slug);
    const params = [dto.email, dto.firstName, dto.lastName, dto.country, dto.postcode ?? null, campaign.id, dto.comment ?? null, dto.source ?? null];
    if (campaign.require_confirmation) {
      // one statement, one round trip: supporter, signature and (when owed) the confirmation email
      const [row]: { notification_id: string | null }[] = await this.db.query(
        `WITH ${UPSERT_SIGNATURE}, note AS (
           INSERT INTO notifications (kind, signature_id)
           SELECT 'confirm_signature', sig.id FROM sig
            WHERE sig.status = 'pending'
              AND NOT EXISTS (SELECT 1 FROM notifications n
                               WHERE n.signature_id = sig.id AND n.kind = 'confirm_signature'
                                 AND (n.status IN ('queued', 'retrying', 'sending') OR n.created_at > now() - interval '2 minutes'))
              AND (SELECT count(*) FROM notifications n JOIN signatures s ON s.id = n.signature_id
                    WHERE s.supporter_id = sig.supporter_id AND n.kind = 'confirm_signature'
                      AND n.created_at > now() - interval '1 hour') < ${CONFIRMATIONS_PER_ADDRESS_PER_HOUR}
           ON CONFLICT DO NOTHING
           RETURNING id
         )
         SELECT (SELECT id FROM note) AS notification_id FROM sig`,
        [...params, 'pending', locale],
      );
      if (row?.notification_id) await this.notifications.enqueue([row.notification_id]);
      return { status: 'pending_confirmation' };
    }
    // no confirmation asked: the signature is confirmed at once and owes its letters now
    const owed = await this.db.transaction(async (em) => {
      await lockCampaign(em, campaign.id, 'shared');
      const [sig]: { id: string; status: string; inserted: boolean }[] = await em.query(
        `WITH ${UPSERT_SIGNATURE} SELECT id, status, inserted FROM sig`,
        [...params, 'confirmed', locale],
      );
      if (sig.status === 'pending') {
        await em.query(`UPDATE signatures SET status = 'confirmed', confirmed_at = now() WHERE id = $1`, [sig.id]);
      } else if (!sig.inserted) {
        return [];
      }
      return sig.status === 'withdrawn' ? [] : this.deliveries.oweForSignature(em, sig.id);
    });
    await this.letters.enqueue(owed);
    return { status: 'confirmed' };
  }

  private async liveCampaign(slug: string): Promise<{ id: string; require_confirmation: boolean }> {
    const [c] = await this.db.query(
      `SELECT id, status, require_confirmation, (ends_at IS NOT NULL AND ends_at <= now()) AS ended FROM campaigns WHERE slug = $1`,
      [slug],
    );
    if (!c || c.status === 'draft') throw new NotFoundException(`No campaign "${slug}"`);
    if (c.status === 'closed' || c.ended) throw new ConflictException('This campaign is closed and takes no more signatures');
    if (c.status === 'paused') throw new ConflictException('This campaign is paused and takes no signatures for now');
    return c;
  }
}

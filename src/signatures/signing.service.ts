import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { lockCampaign } from '../database/campaign-lock.js';
import { DeliveriesService } from '../deliveries/deliveries.service.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.js';
import type { SignDto } from './dto/sign.dto.js';
import { SIGN_CONFIRMED_SQL, SIGN_PENDING_SQL } from './signing.sql.js';

export type SignResult = { status: 'pending_confirmation' } | { status: 'confirmed' };

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
      const [row]: { notification_id: string | null }[] = await this.db.query(SIGN_PENDING_SQL, [...params, 'pending', locale]);
      if (row?.notification_id) await this.notifications.enqueue([row.notification_id]);
      return { status: 'pending_confirmation' };
    }
    // no confirmation asked: the signature is confirmed at once and owes its letters now
    const owed = await this.db.transaction(async (em) => {
      await lockCampaign(em, campaign.id, 'shared');
      const [sig]: { id: string; status: string; inserted: boolean }[] = await em.query(
        SIGN_CONFIRMED_SQL,
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

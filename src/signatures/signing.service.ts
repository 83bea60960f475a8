import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { lockCampaign } from '../database/campaign-lock.js';
import { DeliveriesService } from '../deliveries/deliveries.service.js';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher.js';
import type { SignDto } from './dto/sign.dto.js';
import { preparedQuery } from '../database/prepared-query.js';
import { StatementBatcher } from '../database/statement-batcher.js';
import { SIGN_CONFIRMED_SQL, SIGN_PENDING_SQL } from './signing.sql.js';

export type SignResult = { status: 'pending_confirmation' } | { status: 'confirmed' };

interface LiveCampaign {
  id: string;
  require_confirmation: boolean;
}

const LIVE_CAMPAIGN_TTL_MS = 1000;

/** One signing that asks for confirmation, as SIGN_PENDING_SQL takes it. */
interface PendingSigning {
  email: string;
  firstName: string;
  lastName: string;
  country: string;
  postcode: string | null;
  campaignId: string;
  comment: string | null;
  source: string | null;
  locale: string | null;
  ipHash: Buffer | null;
}

@Injectable()
export class SigningService {
  private readonly live = new Map<string, { campaign: LiveCampaign; until: number }>();
  /** the signings of one moment, in one statement and one commit (one per address at a time) */
  private readonly pending = new StatementBatcher<PendingSigning, boolean>((batch) => this.signPending(batch), { key: (s) => s.email });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deliveries: DeliveriesService,
    private readonly letters: DeliveryDispatcher,
  ) {}

  /**
   * Signs a live campaign. The answer is the same whether or not this address had signed before,
   * so the endpoint never tells who signed. `locale` is the language the supporter signed in
   * (the web form knows it): their emails are written in it. `ipHash`: the client address's keyed
   * hash (ClientAddressHasher), kept with a new signature.
   */
  async sign(slug: string, dto: SignDto, locale: string | null = null, ipHash: Buffer | null = null): Promise<SignResult> {
    const campaign = await this.liveCampaign(slug);
    if (campaign.require_confirmation) {
      // supporter, signature and (when owed) the confirmation email, in a statement shared with
      // the other signings of the moment; a worker's relay hands the email to the queue (no Redis
      // on this path)
      const signed = await this.pending.submit({
        email: dto.email,
        firstName: dto.firstName,
        lastName: dto.lastName,
        country: dto.country,
        postcode: dto.postcode ?? null,
        campaignId: campaign.id,
        comment: dto.comment ?? null,
        source: dto.source ?? null,
        locale,
        ipHash,
      });
      if (!signed) return this.notLiveAnyMore(slug);
      return { status: 'pending_confirmation' };
    }
    // no confirmation asked: the signature is confirmed at once and owes its letters now
    const params = [dto.email, dto.firstName, dto.lastName, dto.country, dto.postcode ?? null, campaign.id, dto.comment ?? null, dto.source ?? null];
    const owed = await this.db.transaction(async (em) => {
      await lockCampaign(em, campaign.id, 'shared');
      const [sig]: { id: string; status: string; inserted: boolean }[] = await em.query(
        SIGN_CONFIRMED_SQL,
        [...params, 'confirmed', locale, ipHash],
      );
      if (!sig) return null;
      if (sig.status === 'pending') {
        await em.query(`UPDATE signatures SET status = 'confirmed', confirmed_at = now() WHERE id = $1`, [sig.id]);
      } else if (!sig.inserted) {
        return [];
      }
      return sig.status === 'withdrawn' ? [] : this.deliveries.oweForSignature(em, sig.id);
    });
    if (owed === null) return this.notLiveAnyMore(slug);
    await this.letters.enqueue(owed);
    return { status: 'confirmed' };
  }

  /** Runs signings together: answers, for each, whether it was taken (its campaign still live). */
  private async signPending(batch: PendingSigning[]): Promise<boolean[]> {
    const column = <K extends keyof PendingSigning>(k: K) => batch.map((s) => s[k]);
    const rows = await preparedQuery<{ ord: number }>(this.db, 'sign-pending', SIGN_PENDING_SQL, [
      column('email'),
      column('firstName'),
      column('lastName'),
      column('country'),
      column('postcode'),
      column('campaignId'),
      column('comment'),
      column('source'),
      column('locale'),
      column('ipHash'),
    ]);
    const taken = new Set(rows.map((r) => r.ord));
    return batch.map((_, i) => taken.has(i + 1));
  }

  /**
   * The campaign a slug names, while it is live. Live campaigns are remembered for a second (a
   * viral campaign gets thousands of signatures a second): the signing statement checks again
   * that the campaign is live, so a pause or close takes effect at once regardless.
   */
  private async liveCampaign(slug: string): Promise<LiveCampaign> {
    const hit = this.live.get(slug);
    if (hit && hit.until > Date.now()) return hit.campaign;
    const [c] = await preparedQuery<LiveCampaign & { status: string; ended: boolean }>(
      this.db,
      'sign-campaign',
      `SELECT id, status, require_confirmation, (ends_at IS NOT NULL AND ends_at <= now()) AS ended FROM campaigns WHERE slug = $1`,
      [slug],
    );
    if (!c || c.status === 'draft') throw new NotFoundException(`No campaign "${slug}"`);
    if (c.status === 'closed' || c.ended) throw new ConflictException('This campaign is closed and takes no more signatures');
    if (c.status === 'paused') throw new ConflictException('This campaign is paused and takes no signatures for now');
    const campaign = { id: c.id, require_confirmation: c.require_confirmation };
    if (this.live.size > 10_000) this.live.clear();
    this.live.set(slug, { campaign, until: Date.now() + LIVE_CAMPAIGN_TTL_MS });
    return campaign;
  }

  /** The campaign stopped being live since it was looked up: forget it and say why. */
  private async notLiveAnyMore(slug: string): Promise<never> {
    this.live.delete(slug);
    await this.liveCampaign(slug);
    // live again in the meantime (a pause and a resume within the same second): ask to try again
    throw new ConflictException('This campaign changed while you signed: please sign again');
  }
}

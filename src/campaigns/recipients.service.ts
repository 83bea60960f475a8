import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { countryName } from '../letters/letter-composition.js';
import { RECEIVING_SQL, RECIPIENTS_SQL, type RecipientRow } from './recipients.sql.js';

/** The officials a supporter's letters go to. */
export interface Recipients {
  country: string;
  targets: RecipientRow[];
}

/** Signing checks are remembered this long per campaign and country (a viral campaign signs thousands a second). */
const RECEIVING_TTL_MS = 1000;

/**
 * Who receives a supporter's letters, by their country: what the campaign page and the emails tell
 * a supporter, what staff check, and what signing refuses when nobody would. One rule with the
 * ledger's (recipients.sql.ts).
 */
@Injectable()
export class RecipientsService {
  private readonly receiving = new Map<string, { launched: number; receiving: number; until: number }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forCampaign(campaignId: string, country: string): Promise<Recipients> {
    const [exists]: unknown[] = await this.db.query(`SELECT 1 FROM campaigns WHERE id = $1`, [campaignId]);
    if (!exists) throw new NotFoundException(`No campaign ${campaignId}`);
    return { country, targets: await this.db.query<RecipientRow[]>(RECIPIENTS_SQL, [campaignId, country]) };
  }

  /** For the public: by slug, drafts unknown, without ids or addresses. */
  async forSlug(slug: string, country: string): Promise<{ country: string; targets: { name: string; title: string; organization: string }[] }> {
    const [c]: { id: string; status: string }[] = await this.db.query(`SELECT id, status FROM campaigns WHERE slug = $1`, [slug]);
    if (!c || c.status === 'draft') throw new NotFoundException(`No campaign "${slug}"`);
    const rows = await this.db.query<RecipientRow[]>(RECIPIENTS_SQL, [c.id, country]);
    return { country, targets: rows.map((r) => ({ name: r.name, title: r.title, organization: r.organization })) };
  }

  /**
   * Refuses (422) a signing from a country whose supporters no launched target receives. A campaign
   * with no launched target yet takes every signature: a target launched later backfills those
   * its audience includes.
   */
  async assertSomeoneReceives(campaignId: string, country: string): Promise<void> {
    const key = `${campaignId}:${country}`;
    let hit = this.receiving.get(key);
    if (!hit || hit.until <= Date.now()) {
      const [row]: { launched: number; receiving: number }[] = await this.db.query(RECEIVING_SQL, [campaignId, country]);
      if (this.receiving.size > 50_000) this.receiving.clear();
      hit = { ...row, until: Date.now() + RECEIVING_TTL_MS };
      this.receiving.set(key, hit);
    }
    if (hit.launched > 0 && hit.receiving === 0) {
      throw new UnprocessableEntityException(`No official of this campaign receives letters from supporters in ${countryName(country)} (${country})`);
    }
  }
}

import type { DataSource } from 'typeorm';
import { withoutQuotation } from './quotation.js';
import type { Stance } from './reply.entity.js';

/** A published reply as anyone may see it: who answered (never an address), the stance, the words. */
export interface PublicResponse {
  target: { name: string; title: string; organization: string; lettersDelivered: number };
  stance: Stance | null;
  /** the official's words, without the letter they quote */
  text: string;
  receivedAt: Date;
}

/** the campaign page shows at most this many responses, the latest */
export const MAX_PUBLIC_RESPONSES = 50;

/**
 * The replies a campaigner published for a campaign, newest first, each with its official and how
 * many of the campaign's letters reached them (sent). A read for the public page and API
 * (src/signatures/public-campaign.service.ts): no sender, no address, no quoted letter (it names
 * a supporter).
 */
export async function publishedResponses(db: DataSource, campaignId: string): Promise<PublicResponse[]> {
  const rows: { name: string; title: string; organization: string; letters: number; stance: Stance | null; text: string; received_at: Date }[] = await db.query(
    `SELECT t.name, t.title, t.organization, r.stance, r.text, r.received_at,
            (SELECT count(*) FROM deliveries d WHERE d.campaign_id = r.campaign_id AND d.target_id = r.target_id AND d.status = 'sent')::int AS letters
       FROM replies r JOIN targets t ON t.id = r.target_id
      WHERE r.campaign_id = $1 AND r.published
      ORDER BY r.received_at DESC, r.id DESC LIMIT $2`,
    [campaignId, MAX_PUBLIC_RESPONSES],
  );
  return rows.map((r) => ({
    target: { name: r.name, title: r.title, organization: r.organization, lettersDelivered: r.letters },
    stance: r.stance,
    text: withoutQuotation(r.text),
    receivedAt: r.received_at,
  }));
}

import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignStatus } from '../campaigns/campaign.entity.js';

export interface PublicCampaign {
  slug: string;
  title: string;
  summary: string;
  letter: { subject: string; body: string };
  targets: { name: string; title: string; organization: string }[];
  signatureCount: number;
  signatureGoal: number | null;
  status: CampaignStatus;
  endsAt: Date | null;
  requireConfirmation: boolean;
}

/** What anyone may see of a campaign: never a target's or a supporter's address. Drafts are 404. */
@Injectable()
export class PublicCampaignService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(slug: string): Promise<PublicCampaign> {
    const found = await this.find(slug);
    if (!found || found === 'draft') throw new NotFoundException(`No campaign "${slug}"`);
    return found;
  }

  /**
   * For the campaign page: the campaign, 'draft' for one not yet published (its page says so and
   * shows none of its content), or null when no campaign has this slug.
   */
  async find(slug: string): Promise<PublicCampaign | 'draft' | null> {
    const [c] = await this.db.query(
      `SELECT c.id, c.slug, c.title, c.summary, c.appeal, c.signature_goal, c.status, c.ends_at, c.require_confirmation,
              CASE WHEN c.status = 'draft' THEN 0 ELSE
                (SELECT count(*)::int FROM signatures s WHERE s.campaign_id = c.id AND s.status = 'confirmed') END AS signature_count
         FROM campaigns c WHERE c.slug = $1`,
      [slug],
    );
    if (!c) return null;
    if (c.status === 'draft') return 'draft';
    const targets = await this.db.query(
      `SELECT t.name, t.title, t.organization FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id
        WHERE ct.campaign_id = $1 AND ct.status = 'launched' AND t.active ORDER BY ct.launched_at, t.name`,
      [c.id],
    );
    return {
      slug: c.slug,
      title: c.title,
      summary: c.summary,
      letter: { subject: c.appeal.subject, body: c.appeal.body },
      targets,
      signatureCount: c.signature_count,
      signatureGoal: c.signature_goal,
      status: c.status,
      endsAt: c.ends_at,
      requireConfirmation: c.require_confirmation,
    };
  }
}

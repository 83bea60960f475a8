import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CampaignTargetsService } from '../campaigns/campaign-targets.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { TargetsService } from '../targets/targets.service.js';
import { DEMO_CAMPAIGN, DEMO_SLUG, DEMO_TARGETS, DEMO_TRANSLATIONS } from './demo-campaign.js';

/** Creates the live demo campaign with its two targets, through the same services staff use (audited as the system). */
@Injectable()
export class DemoSeeder {
  private readonly log = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly targets: TargetsService,
    private readonly campaigns: CampaignsService,
    private readonly campaignTargets: CampaignTargetsService,
  ) {}

  /** `onlyIfEmpty`: at start-up, seed only a database that has no campaign yet. */
  async seed(onlyIfEmpty: boolean): Promise<string | null> {
    if (onlyIfEmpty) {
      const [{ n }]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM campaigns`);
      if (n > 0) return null;
    }
    const [existing]: { id: string }[] = await this.db.query(`SELECT id FROM campaigns WHERE slug = $1`, [DEMO_SLUG]);
    if (existing) return existing.id;
    const campaign = await this.campaigns.create(
      { ...DEMO_CAMPAIGN, translations: DEMO_TRANSLATIONS.campaign, appeal: { ...DEMO_CAMPAIGN.appeal, translations: DEMO_TRANSLATIONS.appeal } },
      null,
    );
    for (const t of DEMO_TARGETS) {
      const [found]: { id: string }[] = await this.db.query(`SELECT id FROM targets WHERE email = $1`, [t.email]);
      const targetId = found?.id ?? (await this.targets.create(t)).id;
      await this.campaignTargets.attach(campaign.id, { targetId }, null);
      await this.campaignTargets.launch(campaign.id, targetId, null);
    }
    await this.campaigns.transition(campaign.id, 'launch', null);
    this.log.log(`seeded the demo campaign "${DEMO_CAMPAIGN.title}"`);
    return campaign.id;
  }
}

import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { TargetsModule } from '../targets/targets.module.js';
import { DemoSeeder } from './demo-seeder.js';

@Module({
  imports: [CampaignsModule, TargetsModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class SeedModule {}

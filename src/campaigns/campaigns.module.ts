import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { CampaignTargetsController } from './campaign-targets.controller.js';
import { CampaignTargetsService } from './campaign-targets.service.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';
import { TestLetterService } from './test-letter.service.js';

@Module({
  imports: [DeliveriesModule],
  controllers: [CampaignsController, CampaignTargetsController],
  providers: [CampaignsService, CampaignTargetsService, TestLetterService],
  exports: [CampaignsService, CampaignTargetsService, TestLetterService],
})
export class CampaignsModule {}

import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { CampaignLettersController } from './campaign-letters.controller.js';
import { CampaignRecipientsController } from './campaign-recipients.controller.js';
import { CampaignTargetsController } from './campaign-targets.controller.js';
import { CampaignTargetsService } from './campaign-targets.service.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';
import { DigestFallbackService } from './digest-fallback.service.js';
import { DrainForecastController } from './drain-forecast.controller.js';
import { DrainForecastService } from './drain-forecast.service.js';
import { TargetReceiptController } from './target-receipt.controller.js';
import { TargetReceiptService } from './target-receipt.service.js';
import { RecipientsService } from './recipients.service.js';
import { ReplyRules } from './reply-rules.js';
import { TestLetterService } from './test-letter.service.js';

const SERVICES = [
  CampaignsService,
  CampaignTargetsService,
  RecipientsService,
  TestLetterService,
  TargetReceiptService,
  DrainForecastService,
  DigestFallbackService,
  ReplyRules,
];

@Module({
  imports: [DeliveriesModule],
  controllers: [
    CampaignsController,
    CampaignTargetsController,
    CampaignRecipientsController,
    CampaignLettersController,
    TargetReceiptController,
    DrainForecastController,
  ],
  providers: SERVICES,
  exports: SERVICES,
})
export class CampaignsModule {}

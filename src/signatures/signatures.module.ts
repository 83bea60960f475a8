import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ConfirmationService } from './confirmation.service.js';
import { HomeController } from './home.controller.js';
import { PagesController } from './pages.controller.js';
import { PublicApiController } from './public-api.controller.js';
import { PublicCampaignService } from './public-campaign.service.js';
import { SignatureLedgerModule } from './signature-ledger.module.js';
import { SignatureExportController } from './signature-export.controller.js';
import { SignatureExportService } from './signature-export.service.js';
import { SigningService } from './signing.service.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';

/** Supporters: signing, confirming, withdrawing, through the public API and the web pages (and the front page). */
@Module({
  imports: [CampaignsModule, DeliveriesModule, NotificationsModule, SignatureLedgerModule, WebhooksModule, ModerationModule],
  controllers: [PublicApiController, PagesController, HomeController, SignatureExportController],
  providers: [SigningService, ConfirmationService, PublicCampaignService, SignatureExportService],
  exports: [SignatureExportService],
})
export class SignaturesModule {}

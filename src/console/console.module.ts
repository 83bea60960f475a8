import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BouncesModule } from '../bounces/bounces.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { TargetsModule } from '../targets/targets.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { PrivacyModule } from '../privacy/privacy.module.js';
import { RepliesModule } from '../replies/replies.module.js';
import { UsersModule } from '../users/users.module.js';
import { ConsoleAuditController } from './admin/console-audit.controller.js';
import { ConsoleDataRequestsController } from './admin/console-data-requests.controller.js';
import { ConsoleLettersController } from './admin/console-letters.controller.js';
import { ConsoleStaffController } from './admin/console-staff.controller.js';
import { ConsoleCampaignTargetsController } from './campaigns/console-campaign-targets.controller.js';
import { ConsoleCampaignsController } from './campaigns/console-campaigns.controller.js';
import { ConsoleLetterController } from './campaigns/console-letter.controller.js';
import { ConsolePagePreviewController } from './campaigns/console-page-preview.controller.js';
import { ConsoleRepliesController } from './campaigns/console-replies.controller.js';
import { ConsoleReviewController } from './campaigns/console-review.controller.js';
import { ConsoleAuthController } from './console-auth.controller.js';
import { ConsoleTargetsController } from './targets/console-targets.controller.js';
import { ConsoleContexts } from './console-context.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';

/**
 * /console: the staff's web application. Server-rendered pages and plain forms (they work
 * without JavaScript; console.js only adds conveniences), calling the same services as the API.
 */
@Module({
  imports: [AuthModule, CampaignsModule, DeliveriesModule, TargetsModule, BouncesModule, UsersModule, PrivacyModule, RepliesModule, ModerationModule],
  controllers: [
    ConsoleAuthController,
    ConsoleCampaignsController,
    ConsoleLetterController,
    ConsoleCampaignTargetsController,
    ConsoleRepliesController,
    ConsoleReviewController,
    ConsolePagePreviewController,
    ConsoleTargetsController,
    // admin only
    ConsoleStaffController,
    ConsoleAuditController,
    ConsoleLettersController,
    ConsoleDataRequestsController,
  ],
  providers: [ConsoleContexts, ConsoleExceptionFilter],
  exports: [ConsoleContexts, ConsoleExceptionFilter],
})
export class ConsoleModule {}

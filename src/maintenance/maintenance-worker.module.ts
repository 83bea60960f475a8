import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PrivacyModule } from '../privacy/privacy.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { MaintenanceScheduler } from './maintenance-scheduler.js';
import { MaintenanceProcessor } from './maintenance.processor.js';
import { Reconciler } from './reconciler.js';

/** Only in worker processes: backfills, reconciliation, scheduled closing, digests. */
@Module({
  imports: [CampaignsModule, DeliveriesModule, NotificationsModule, PrivacyModule, WebhooksModule],
  providers: [Reconciler, MaintenanceScheduler, MaintenanceProcessor],
  exports: [Reconciler, MaintenanceScheduler],
})
export class MaintenanceWorkerModule {}

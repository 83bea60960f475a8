import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BouncesWorkerModule } from './bounces/bounces-worker.module.js';
import { BouncesModule } from './bounces/bounces.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { runsWorkers, type AppConfig } from './config/app-config.js';
import { AppConfigModule } from './config/app-config.module.js';
import { ConsoleModule } from './console/console.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { DeliveriesWorkerModule } from './deliveries/deliveries-worker.module.js';
import { DeliveriesModule } from './deliveries/deliveries.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './health/metrics.module.js';
import { AppLoggerModule } from './logging.js';
import { MailModule } from './mail/mail.module.js';
import { MaintenanceWorkerModule } from './maintenance/maintenance-worker.module.js';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { QueueModule } from './queue/queue.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { RepliesModule } from './replies/replies.module.js';
import { SecurityModule } from './security/security.module.js';
import { SeedModule } from './seed/seed.module.js';
import { SignaturesModule } from './signatures/signatures.module.js';
import { TargetsModule } from './targets/targets.module.js';
import { UsersModule } from './users/users.module.js';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/**
 * One build, roles by configuration: every process has the domain modules; only worker
 * processes (ROLE=worker or all) get the queue consumers; only api processes listen for HTTP
 * (see bootstrap.ts).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const workers = runsWorkers(config)
      ? [DeliveriesWorkerModule, NotificationsWorkerModule, MaintenanceWorkerModule, BouncesWorkerModule, WebhooksWorkerModule]
      : [];
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        AppLoggerModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, config.dbPoolSize, { namedStatements: config.dbPreparedStatements })),
        QueueModule,
        RateLimitModule,
        SecurityModule,
        MailModule,
        AuditModule,
        AuthModule,
        UsersModule,
        TargetsModule,
        CampaignsModule,
        DeliveriesModule,
        BouncesModule,
        RepliesModule,
        NotificationsModule,
        WebhooksModule,
        SignaturesModule,
        ModerationModule,
        HealthModule,
        MetricsModule,
        AdminModule,
        ConsoleModule,
        PrivacyModule,
        SeedModule,
        ...workers,
      ],
    };
  }
}

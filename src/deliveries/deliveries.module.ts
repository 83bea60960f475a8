import { Module } from '@nestjs/common';
import { AdminDeliveriesController } from './admin-deliveries.controller.js';
import { AdminStatsController } from './admin-stats.controller.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryDispatcher } from './delivery-dispatcher.js';
import { DeliveryReportsService } from './delivery-reports.service.js';
import { DeliveryRetriesService } from './delivery-retries.service.js';
import { DeliveryStatsService } from './delivery-stats.service.js';
import { QueueDepthsService } from './queue-depths.service.js';
import { StatsRollup } from './stats-rollup.js';

/** The outbox of letters: making them owed, dispatching them, reporting on them, retrying them. */
@Module({
  controllers: [AdminStatsController, AdminDeliveriesController],
  providers: [
    DeliveriesService,
    DeliveryDispatcher,
    DeliveryReportsService,
    DeliveryRetriesService,
    DeliveryStatsService,
    QueueDepthsService,
    StatsRollup,
  ],
  exports: [DeliveriesService, DeliveryDispatcher, DeliveryReportsService, DeliveryRetriesService, DeliveryStatsService, QueueDepthsService, StatsRollup],
})
export class DeliveriesModule {}

import { Module } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AdminDeliveriesController } from './admin-deliveries.controller.js';
import { AdminStatsController } from './admin-stats.controller.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { DeliveryDispatcher } from './delivery-dispatcher.js';
import { DeliveryReportsService } from './delivery-reports.service.js';
import { DeliveryRetriesService } from './delivery-retries.service.js';
import { DeliveryStatsService } from './delivery-stats.service.js';
import { QueueDepthsService } from './queue-depths.service.js';
import { StatsRollup } from './stats-rollup.js';
import { TargetPacer } from './target-pacer.js';

/** Everything the module makes is for the rest of the app too. */
const SERVICES = [
  DeliveryLedger,
  DeliveryDispatcher,
  DeliveryReportsService,
  DeliveryRetriesService,
  DeliveryStatsService,
  QueueDepthsService,
  StatsRollup,
  // one per process: the letter sender takes slots of a target's pacing window, the forecast reads how full it is
  TargetPacer,
  // one per process: what time it is for office hours (the letter sender, the forecast); tests move it
  Clock,
];

/** The outbox of letters: making them owed, dispatching them, reporting on them, retrying them. */
@Module({
  controllers: [AdminStatsController, AdminDeliveriesController],
  providers: SERVICES,
  exports: SERVICES,
})
export class DeliveriesModule {}

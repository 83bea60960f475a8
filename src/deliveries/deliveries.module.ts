import { Module } from '@nestjs/common';
import { AdminDeliveriesController } from './admin-deliveries.controller.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryDispatcher } from './delivery-dispatcher.js';
import { DeliveryReportsService } from './delivery-reports.service.js';

/** The outbox of letters: making them owed, dispatching them, and reporting on them. */
@Module({
  controllers: [AdminDeliveriesController],
  providers: [DeliveriesService, DeliveryDispatcher, DeliveryReportsService],
  exports: [DeliveriesService, DeliveryDispatcher],
})
export class DeliveriesModule {}

import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { BounceRecorder } from './bounce-recorder.service.js';
import { FailingTargetsController } from './failing-targets.controller.js';
import { FailingTargetsService } from './failing-targets.service.js';

/** Bounces: what a delivery status notification changes, and the targets whose address is failing. */
@Module({
  imports: [DeliveriesModule, WebhooksModule],
  controllers: [FailingTargetsController],
  providers: [BounceRecorder, FailingTargetsService],
  exports: [BounceRecorder, FailingTargetsService],
})
export class BouncesModule {}

import { Module } from '@nestjs/common';
import { DeliveriesModule } from './deliveries.module.js';
import { DeliveriesProcessor } from './deliveries.processor.js';
import { LetterSender } from './letter-sender.js';
import { TargetPacer } from './target-pacer.js';

/** Only in worker processes (ROLE=worker or all): consumes the `appeals` queue. */
@Module({
  imports: [DeliveriesModule],
  providers: [LetterSender, TargetPacer, DeliveriesProcessor],
})
export class DeliveriesWorkerModule {}

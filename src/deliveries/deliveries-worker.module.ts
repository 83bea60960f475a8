import { Module } from '@nestjs/common';
import { BouncesModule } from '../bounces/bounces.module.js';
import { DeliveriesModule } from './deliveries.module.js';
import { DeliveriesProcessor } from './deliveries.processor.js';
import { LetterSender } from './letter-sender.js';

/** Only in worker processes (ROLE=worker or all): consumes the `appeals` queue. */
@Module({
  // BouncesModule: a recipient refused at RCPT counts against its address like a hard bounce
  imports: [DeliveriesModule, BouncesModule],
  providers: [LetterSender, DeliveriesProcessor],
})
export class DeliveriesWorkerModule {}

import { Module } from '@nestjs/common';
import { BounceListener } from './bounce-listener.js';
import { BouncesModule } from './bounces.module.js';

/** Only in worker processes: the inbound SMTP listener for delivery status notifications (BOUNCE_SMTP_PORT). */
@Module({
  imports: [BouncesModule],
  providers: [BounceListener],
  exports: [BounceListener],
})
export class BouncesWorkerModule {}

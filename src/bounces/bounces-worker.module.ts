import { Module } from '@nestjs/common';
import { BounceListener } from './bounce-listener.js';
import { RepliesModule } from '../replies/replies.module.js';
import { BouncesModule } from './bounces.module.js';

/** Only in worker processes: the inbound SMTP listener for delivery status notifications and officials' replies (BOUNCE_SMTP_PORT). */
@Module({
  imports: [BouncesModule, RepliesModule],
  providers: [BounceListener],
  exports: [BounceListener],
})
export class BouncesWorkerModule {}

import { Module } from '@nestjs/common';
import { BouncesModule } from '../bounces/bounces.module.js';
import { ReplyKeysModule } from '../replies/reply-keys.module.js';
import { DeliveriesModule } from './deliveries.module.js';
import { DeliveriesProcessor } from './deliveries.processor.js';
import { LetterSender } from './letter-sender.js';
import { SendWindowGate } from './send-window-gate.js';

/** Only in worker processes (ROLE=worker or all): consumes the `appeals` queue. */
@Module({
  // BouncesModule: a recipient refused at RCPT counts against its address like a hard bounce
  // ReplyKeysModule: a campaign that relays replies gets Reply-To reply+TOKEN@MAIL_DOMAIN
  imports: [DeliveriesModule, BouncesModule, ReplyKeysModule],
  providers: [LetterSender, DeliveriesProcessor, SendWindowGate],
})
export class DeliveriesWorkerModule {}

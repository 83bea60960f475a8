import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { SignatureLedgerModule } from '../signatures/signature-ledger.module.js';
import { ModerationScreen } from './moderation-screen.js';
import { NearDuplicateIndex } from './near-duplicate-index.js';
import { ReviewController } from './review.controller.js';
import { ReviewService } from './review.service.js';

/**
 * Moderation of supporters' own words (docs/moderation.md): screening at confirmation (the
 * campaign's rules and the near-duplicate index), and the campaigners' review queue. Signing and
 * confirming (SignaturesModule) import it for the screen.
 */
@Module({
  imports: [SignatureLedgerModule, DeliveriesModule],
  controllers: [ReviewController],
  providers: [ModerationScreen, NearDuplicateIndex, ReviewService],
  // NearDuplicateIndex: an erasure forgets the supporter's words through it
  exports: [ModerationScreen, ReviewService, NearDuplicateIndex],
})
export class ModerationModule {}

import { Module } from '@nestjs/common';
import { SignatureLedger } from './signature-ledger.js';

/**
 * The signature ledger alone (no routes): for the modules that write signatures, supporters or
 * their links from elsewhere (the notifications worker issues links, privacy purges and erases).
 */
@Module({
  providers: [SignatureLedger],
  exports: [SignatureLedger],
})
export class SignatureLedgerModule {}

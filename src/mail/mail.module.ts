import { Global, Module } from '@nestjs/common';
import { MailCatcher } from './mail-catcher.js';
import { MailTransport } from './mail-transport.js';

@Global()
@Module({
  providers: [MailTransport, MailCatcher],
  exports: [MailTransport],
})
export class MailModule {}

import { Module } from '@nestjs/common';
import { ReplyKeys } from './reply-keys.js';

/** The key of reply tokens, for whoever writes or reads reply+TOKEN@MAIL_DOMAIN addresses: the letter sender, the inbound listener, the replies service. */
@Module({
  providers: [ReplyKeys],
  exports: [ReplyKeys],
})
export class ReplyKeysModule {}

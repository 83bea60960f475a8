import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { InstallationSecret } from '../security/installation-secret.js';
import { deliveryIdOfToken, replyAddressFor } from './reply-token.js';

/** the purpose the reply-token key is derived for: no other use of the secret shares it */
export const REPLY_TOKEN_PURPOSE = 'appeals/reply-token/v1';

/**
 * The key of reply tokens (reply-token.ts): derived from REPLY_TOKEN_SECRET when it is set, else
 * from the installation's secret (JWT_SECRET, or the one generated in development and kept in the
 * database), for this purpose only. Every process of one installation derives the same key, so a
 * worker listening for replies reads the tokens another worker wrote. Changing the secret the key
 * comes from makes every earlier Reply-To address refused (550).
 */
@Injectable()
export class ReplyKeys implements OnModuleInit {
  private readonly log = new Logger(ReplyKeys.name);
  private readonly own: Buffer | null;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly secret: InstallationSecret,
  ) {
    this.own = config.replies.tokenSecret ? createHmac('sha256', config.replies.tokenSecret).update(REPLY_TOKEN_PURPOSE).digest() : null;
  }

  /** Derived once at start, so that a letter being sent never waits on (or fails for) the look-up. */
  async onModuleInit() {
    await this.key().catch((e: Error) => this.log.warn(`reply-token key not derived yet, will try again when needed: ${e.message}`));
  }

  key(): Promise<Buffer> {
    return this.own ? Promise.resolve(this.own) : this.secret.key(REPLY_TOKEN_PURPOSE);
  }

  /** reply+TOKEN@MAIL_DOMAIN for one letter. */
  async addressFor(deliveryId: string): Promise<string> {
    return replyAddressFor(deliveryId, await this.key(), this.config.mail.domain);
  }

  /** The letter a token names, or null when the token is not one of ours. */
  async deliveryIdOf(token: string): Promise<string | null> {
    return deliveryIdOfToken(token, await this.key());
  }
}

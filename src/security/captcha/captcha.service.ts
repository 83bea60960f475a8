import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import type { SafeHtml } from '../../views/html.js';
import { CAPTCHA_PROVIDER, type CaptchaProvider } from './captcha-provider.js';
import { CAPTCHA_TOKEN_FIELD, captchaTokenIn } from './captcha-providers.js';
import { captchaWidget } from './captcha-widget.js';

/**
 * The CAPTCHA check of signing (API and web form), when CAPTCHA_PROVIDER names one. A refused or
 * missing token stops the signing with a 400; a service that does not answer lets it through
 * with a warning, like the rate limiter without Redis: an outage of someone else's service must
 * not turn supporters away (the email confirmation and the rate limits still stand).
 */
@Injectable()
export class CaptchaService {
  private readonly log = new Logger(CaptchaService.name);
  private lastWarning = 0;

  constructor(
    @Inject(CAPTCHA_PROVIDER) private readonly provider: CaptchaProvider,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.captcha !== null;
  }

  /** The widget for the sign form (nothing when off). */
  widget(locale: string, error?: { text: string; prefix: string }): SafeHtml | undefined {
    const c = this.config.captcha;
    return c ? captchaWidget(c.provider, c.siteKey, locale, error) : undefined;
  }

  /** The token in a posted form (the widget's field) or a JSON body (`captchaToken`). */
  tokenIn(body: unknown): string | undefined {
    const c = this.config.captcha;
    return c ? captchaTokenIn(c.provider, body) : undefined;
  }

  /** Whether this signing may go on. */
  async passes(token: string | undefined, clientAddress: string | null): Promise<boolean> {
    if (!this.enabled) return true;
    if (!token) return false;
    const verdict = await this.provider.verify(token, clientAddress);
    if (verdict.outcome === 'unavailable') {
      this.warn(verdict.reason);
      return true;
    }
    return verdict.outcome === 'solved';
  }

  /** For the JSON API: a 400 naming the field unless the token passes. */
  async require(token: string | undefined, clientAddress: string | null): Promise<void> {
    if (await this.passes(token, clientAddress)) return;
    throw new BadRequestException([
      token ? `${CAPTCHA_TOKEN_FIELD} was not accepted by the CAPTCHA check (solve it again)` : `${CAPTCHA_TOKEN_FIELD} is required: solve the CAPTCHA`,
    ]);
  }

  private warn(reason: string) {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.log.warn(`CAPTCHA not enforced while ${this.provider.name} does not answer properly: ${reason}`);
  }
}

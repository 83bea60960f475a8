import type { CaptchaProvider, CaptchaVerdict } from './captcha-provider.js';

/** CAPTCHA_PROVIDER=none (the default): nothing is asked, every signing passes. */
export class DisabledCaptcha implements CaptchaProvider {
  readonly name = 'none';

  async verify(): Promise<CaptchaVerdict> {
    return { outcome: 'solved' };
  }
}

import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.module.js';
import { CAPTCHA_PROVIDER, type CaptchaProvider } from './captcha-provider.js';
import { CaptchaService } from './captcha.service.js';
import { DisabledCaptcha } from './disabled-captcha.provider.js';
import { SiteVerifyCaptcha } from './siteverify-captcha.provider.js';

/** The provider CAPTCHA_PROVIDER names (none by default), behind one interface. */
@Global()
@Module({
  providers: [
    {
      provide: CAPTCHA_PROVIDER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): CaptchaProvider =>
        config.captcha
          ? new SiteVerifyCaptcha(config.captcha.provider, config.captcha.verifyUrl, config.captcha.secret, config.captcha.siteKey)
          : new DisabledCaptcha(),
    },
    CaptchaService,
  ],
  exports: [CaptchaService],
})
export class CaptchaModule {}

import { Global, Module } from '@nestjs/common';
import { CaptchaModule } from './captcha/captcha.module.js';
import { ClientAddressHasher } from './client-address.js';

/** What signing needs from security: the CAPTCHA check and the client-address hash. (HTTP hardening is in http-security.ts.) */
@Global()
@Module({
  imports: [CaptchaModule],
  providers: [ClientAddressHasher],
  exports: [CaptchaModule, ClientAddressHasher],
})
export class SecurityModule {}

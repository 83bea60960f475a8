import { Global, Module } from '@nestjs/common';
import { CaptchaModule } from './captcha/captcha.module.js';
import { ClientAddressHasher } from './client-address.js';
import { InstallationSecret } from './installation-secret.js';

/** What signing and staff sessions need from security: the CAPTCHA check, the client-address hash, the installation's keys. (HTTP hardening is in http-security.ts.) */
@Global()
@Module({
  imports: [CaptchaModule],
  providers: [ClientAddressHasher, InstallationSecret],
  exports: [CaptchaModule, ClientAddressHasher, InstallationSecret],
})
export class SecurityModule {}

import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { UsersService } from './users.service.js';

/**
 * The first admin: ADMIN_EMAIL / ADMIN_PASSWORD when given (created if that account does not
 * exist); otherwise, outside production and only while there is no staff account at all, an
 * admin@localhost whose generated password is printed once.
 */
@Injectable()
export class BootstrapAdmin {
  private readonly log = new Logger(BootstrapAdmin.name);

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async ensure(): Promise<{ email: string; password?: string } | null> {
    const admin = this.config.admin;
    if (admin) {
      if (await this.users.findByEmail(admin.email)) return { email: admin.email };
      await this.users.create(admin.email, admin.password, 'admin', null, 'ADMIN_EMAIL').catch(ignoreConflict);
      this.log.log(`created the admin account ${admin.email} from ADMIN_EMAIL`);
      return { email: admin.email };
    }
    if (this.config.production || (await this.users.count()) > 0) return null;
    const email = 'admin@localhost';
    const password = randomBytes(12).toString('base64url');
    await this.users.create(email, password, 'admin', null, 'first start').catch(ignoreConflict);
    return { email, password };
  }
}

function ignoreConflict(e: { status?: number }) {
  if (e.status !== 409) throw e;
}

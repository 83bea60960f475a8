import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { resolveJwtSecret } from './jwt-secret.js';

/**
 * The installation's secret (JWT_SECRET, or the one generated in development and kept in the
 * database) and the keys derived from it, one per purpose, so that no two uses share a key.
 */
@Injectable()
export class InstallationSecret {
  private readonly keys = new Map<string, Promise<Buffer>>();

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** HMAC-SHA256(secret, purpose): a key of its own for each purpose ("appeals/csrf/v1"). */
  key(purpose: string): Promise<Buffer> {
    let key = this.keys.get(purpose);
    if (!key) {
      key = resolveJwtSecret(this.config, this.db).then((s) => createHmac('sha256', s).update(purpose).digest());
      // a failed look-up (database away) is tried again next time, not remembered
      key.catch(() => this.keys.delete(purpose));
      this.keys.set(purpose, key);
    }
    return key;
  }
}

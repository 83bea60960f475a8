import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { DataSource } from 'typeorm';
import { resolveJwtSecret } from '../auth/jwt-secret.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';

/**
 * Client addresses are never stored: a signature keeps only HMAC-SHA256(key, address), the key
 * derived from the installation's secret (JWT_SECRET, or the one generated in development). The
 * same address always gives the same hash, so abuse from one address can be seen and cleaned up,
 * but the address cannot be read back, nor guessed by hashing all 2^32 IPv4 addresses, without
 * the secret.
 */
@Injectable()
export class ClientAddressHasher {
  private key: Promise<Buffer> | null = null;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async hash(address: string | null | undefined): Promise<Buffer | null> {
    if (!address) return null;
    return createHmac('sha256', await this.hmacKey())
      .update(normaliseAddress(address))
      .digest();
  }

  private hmacKey(): Promise<Buffer> {
    if (!this.key) {
      this.key = resolveJwtSecret(this.config, this.db).then((s) => createHmac('sha256', s).update('appeals/client-address/v1').digest());
      // a failed look-up (database away) is tried again next time, not remembered
      this.key.catch(() => (this.key = null));
    }
    return this.key;
  }
}

/** "::ffff:192.0.2.1" (IPv4 seen through an IPv6 socket) is 192.0.2.1; IPv6 in lower case. */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped && isIPv4(mapped[1]) ? mapped[1] : a;
}

import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { InstallationSecret } from './installation-secret.js';

/**
 * Client addresses are never stored: a signature keeps only HMAC-SHA256(key, address), the key
 * derived from the installation's secret (JWT_SECRET, or the one generated in development). The
 * same address always gives the same hash, so abuse from one address can be seen and cleaned up,
 * but the address cannot be read back, nor guessed by hashing all 2^32 IPv4 addresses, without
 * the secret.
 */
@Injectable()
export class ClientAddressHasher {
  constructor(private readonly secret: InstallationSecret) {}

  async hash(address: string | null | undefined): Promise<Buffer | null> {
    if (!address) return null;
    return createHmac('sha256', await this.secret.key('appeals/client-address/v1'))
      .update(normaliseAddress(address))
      .digest();
  }
}

/** "::ffff:192.0.2.1" (IPv4 seen through an IPv6 socket) is 192.0.2.1; IPv6 in lower case. */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped && isIPv4(mapped[1]) ? mapped[1] : a;
}

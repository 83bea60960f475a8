import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { refusedAddress } from './address-policy.js';

/** Every address a host name resolves to. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** The system's resolver (getaddrinfo, as Node's own connections use): every address, in its order. */
export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** A connection refused because of where it would go (not a failure of the receiver's). */
export class RefusedAddressError extends Error {
  readonly code = 'EWEBHOOKADDRESS';
}

/** The first refusal among a host's addresses ("192.168.0.4, a private address"), or null when every one is allowed. */
export function refusedAmong(addresses: readonly LookupAddress[], allowPrivate: boolean): string | null {
  for (const a of addresses) {
    const why = refusedAddress(a.address, allowPrivate);
    if (why) return `${a.address}, ${why}`;
  }
  return null;
}

/**
 * The `lookup` of the agents webhooks connect through: the host is resolved, and the connection
 * refused (RefusedAddressError) when any of its addresses is one a webhook may not reach
 * (address-policy.ts). It runs for every new connection, after the endpoint was registered, so a
 * name whose DNS answer changes to a private address ("DNS rebinding") is refused at that moment.
 * Answers the way `dns.lookup` does: an array with `all` (Node 20 asks for it to try IPv6 and
 * IPv4 in turn), else the first address. (A URL whose host is an IP address never reaches a
 * lookup: the poster checks it itself, with assertAddressAllowed.)
 */
export function guardedLookup(allowPrivate: boolean, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolve(hostname).then(
      (found) => {
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const addresses = family === 4 || family === 6 ? found.filter((a) => a.family === family) : found;
        const refused = refusedAmong(found, allowPrivate);
        if (refused) return callback(new RefusedAddressError(`${hostname} resolves to ${refused}`), '');
        if (!addresses.length) {
          return callback(Object.assign(new Error(`${hostname} has no address${family ? ` of IPv${family}` : ''}`), { code: 'ENOTFOUND' }), '');
        }
        if (options.all) return callback(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (e: NodeJS.ErrnoException) => callback(e, ''),
    );
  };
}

/** Throws RefusedAddressError when `hostname` is an IP address a webhook may not reach (a host name is the lookup's to judge). */
export function assertAddressAllowed(hostname: string, allowPrivate: boolean): void {
  const ip = hostname.replace(/^\[|\]$/g, '');
  if (!isIP(ip)) return;
  const why = refusedAddress(ip, allowPrivate);
  if (why) throw new RefusedAddressError(`${ip} is ${why}`);
}

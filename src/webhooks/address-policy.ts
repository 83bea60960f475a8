import { isIP } from 'node:net';

/**
 * Where a webhook may not connect (server-side request forgery): addresses that reach this
 * machine, the organisation's own network or the cloud's metadata service instead of a receiver
 * on the internet. One classifier for both checks: when an endpoint is registered (its host's
 * addresses) and when a delivery connects (the address the connection is about to use, so that a
 * DNS answer changed since, "DNS rebinding", is refused too: see guarded-lookup.ts).
 */

export type AddressKind = 'metadata' | 'loopback' | 'private' | 'link-local' | 'carrier-grade NAT' | 'unspecified' | 'multicast' | 'reserved';

const DESCRIBED: Record<AddressKind, string> = {
  metadata: 'a cloud metadata address',
  loopback: 'a loopback address (this machine)',
  private: 'a private address',
  'link-local': 'a link-local address',
  'carrier-grade NAT': 'a carrier-grade NAT address (100.64.0.0/10)',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  reserved: 'a reserved address, not one on the internet',
};

export interface AddressVerdict {
  kind: AddressKind;
  /** the IPv4 address an IPv6 one carries (IPv4-mapped, NAT64, 6to4), when that is what was judged */
  embedded?: string;
}

/** [first bytes, prefix length in bits, kind]: the first rule that matches decides. */
type Rule = [readonly number[], number, AddressKind];

const V4_RULES: readonly Rule[] = [
  [[169, 254, 169, 254], 32, 'metadata'], // AWS, GCP, Azure, OpenStack, Oracle…
  [[168, 63, 129, 16], 32, 'metadata'], // Azure's wire server
  [[100, 100, 100, 200], 32, 'metadata'], // Alibaba Cloud
  [[0], 8, 'unspecified'], // "this network"; 0.0.0.0 reaches this machine
  [[127], 8, 'loopback'],
  [[10], 8, 'private'], // RFC 1918
  [[172, 16], 12, 'private'],
  [[192, 168], 16, 'private'],
  [[100, 64], 10, 'carrier-grade NAT'], // RFC 6598
  [[169, 254], 16, 'link-local'],
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'], // and 255.255.255.255, broadcast
  [[192, 0, 0], 24, 'reserved'], // IETF protocol assignments
  [[192, 0, 2], 24, 'reserved'], // documentation (TEST-NET-1, -2, -3)
  [[198, 51, 100], 24, 'reserved'],
  [[203, 0, 113], 24, 'reserved'],
  [[198, 18], 15, 'reserved'], // benchmarking
  [[192, 88, 99], 24, 'reserved'], // the old 6to4 relay anycast
];

const V6_RULES: readonly Rule[] = [
  [[0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128, 'metadata'], // fd00:ec2::254, AWS over IPv6
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0, 0x64, 0xff, 0x9b, 0, 1], 48, 'private'], // local-use NAT64 (RFC 8215)
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'reserved'], // discard-only
  [[0x20, 0x01, 0, 0], 32, 'reserved'], // Teredo
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
  [[0x20, 0x01, 0, 0x02, 0, 0], 48, 'reserved'], // benchmarking
  [[0xfc], 7, 'private'], // unique local (fc00::/7)
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'], // the old site-local
  [[0xff], 8, 'multicast'],
];

/** IPv6 prefixes whose last 32 bits (or, for 6to4, bits 16 to 48) are an IPv4 address the connection really goes to. */
const EMBEDS_V4: readonly [readonly number[], number, (b: number[]) => number[]][] = [
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96, (b) => b.slice(12)], // IPv4-mapped ::ffff:a.b.c.d
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 96, (b) => b.slice(12)], // IPv4-compatible ::a.b.c.d (deprecated)
  [[0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96, (b) => b.slice(12)], // NAT64 64:ff9b::a.b.c.d
  [[0x20, 0x02], 16, (b) => b.slice(2, 6)], // 6to4 2002:AABB:CCDD::
];

function matches(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const n = Math.min(8, bits - i);
    const mask = (0xff << (8 - n)) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function ruleFor(bytes: readonly number[], rules: readonly Rule[]): AddressKind | null {
  return rules.find(([prefix, bits]) => matches(bytes, prefix, bits))?.[2] ?? null;
}

const v4Bytes = (ip: string): number[] => ip.split('.').map(Number);

/** The 16 bytes of an IPv6 address (`::` expanded, a trailing dotted IPv4 part and a zone `%eth0` understood). */
export function v6Bytes(ip: string): number[] {
  let text = ip.replace(/%.*$/, '').toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = v4Bytes(dotted[1]);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const groups = (s: string) => (s ? s.split(':') : []);
  const left = groups(head);
  const right = tail === null ? [] : groups(tail);
  const all = [...left, ...Array<string>(tail === null ? 0 : 8 - left.length - right.length).fill('0'), ...right];
  return all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/**
 * What kind of address `ip` is, when it is one a webhook must not reach; null for an ordinary
 * address on the internet. An IPv6 address carrying an IPv4 one (IPv4-mapped, IPv4-compatible,
 * NAT64, 6to4) is judged by the IPv4 address it carries. A string that is not an IP address is
 * `reserved` (nothing can be said of it).
 */
export function classifyAddress(ip: string): AddressVerdict | null {
  const family = isIP(ip.replace(/%.*$/, ''));
  if (family === 4) {
    const kind = ruleFor(v4Bytes(ip), V4_RULES);
    return kind ? { kind } : null;
  }
  if (family !== 6) return { kind: 'reserved' };
  const bytes = v6Bytes(ip);
  const own = ruleFor(bytes, V6_RULES);
  // the exact rules (the metadata, unspecified and loopback addresses) come before what they sit inside
  if (own === 'metadata' || own === 'unspecified' || own === 'loopback') return { kind: own };
  for (const [prefix, bits, extract] of EMBEDS_V4) {
    if (matches(bytes, prefix, bits)) {
      const embedded = extract(bytes).join('.');
      const kind = ruleFor(v4Bytes(embedded), V4_RULES);
      return kind ? { kind, embedded } : null;
    }
  }
  return own ? { kind: own } : null;
}

/**
 * Why a webhook may not connect to `ip` ("a private address"), or null when it may.
 * `allowPrivate` (WEBHOOK_ALLOW_PRIVATE) lets every kind through but the metadata addresses.
 */
export function refusedAddress(ip: string, allowPrivate: boolean): string | null {
  const verdict = classifyAddress(ip);
  if (!verdict || (allowPrivate && verdict.kind !== 'metadata')) return null;
  const inside = verdict.embedded ? ` (the IPv4 address ${verdict.embedded} inside an IPv6 one)` : '';
  return `${DESCRIBED[verdict.kind]}${inside}`;
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a relayed letter's Reply-To, `reply+TOKEN@MAIL_DOMAIN`: the letter's delivery id
 * (its 32 hex digits, without dashes) followed by a keyed MAC of it (HMAC-SHA256, its first 100
 * bits in lower-case base32), 52 characters, all of them lower-case letters and digits. Nobody
 * without the key can name a letter (or make up one) that the listener will take a reply for,
 * and a mail system that lower-cases (or upper-cases) the local part changes nothing: the token
 * is read case-insensitively. Pure functions; the key is ReplyKeys' (reply-keys.ts).
 */

const ID_HEX = 32;
const MAC_CHARS = 20;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = new RegExp(`^([0-9a-f]{${ID_HEX}})([a-z2-7]{${MAC_CHARS}})$`);

/** "reply+" before the token */
export const REPLY_PREFIX = 'reply+';

/** RFC 4648 base32, lower-case, without padding. */
export function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

const macOf = (idHex: string, key: Buffer) => base32(createHmac('sha256', key).update(`reply:${idHex}`).digest()).slice(0, MAC_CHARS);

/** The token naming one letter (its delivery id, a UUID). */
export function replyToken(deliveryId: string, key: Buffer): string {
  if (!UUID.test(deliveryId)) throw new Error(`not a delivery id: ${deliveryId}`);
  const idHex = deliveryId.replace(/-/g, '').toLowerCase();
  return idHex + macOf(idHex, key);
}

/** The delivery id a token names, or null when it is not one made with this key (forged, altered, cut). Case does not matter. */
export function deliveryIdOfToken(token: string, key: Buffer): string | null {
  const m = TOKEN.exec(token.trim().toLowerCase());
  if (!m) return null;
  const expected = Buffer.from(macOf(m[1], key));
  if (!timingSafeEqual(expected, Buffer.from(m[2]))) return null;
  const h = m[1];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** reply+TOKEN@MAIL_DOMAIN: where an official's answer to this letter goes. */
export function replyAddressFor(deliveryId: string, key: Buffer, domain: string): string {
  return `${REPLY_PREFIX}${replyToken(deliveryId, key)}@${domain}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The token part of an address of the reply shape, reply+…@MAIL_DOMAIN (any case), or null for
 * any other address. Says nothing of whether the token is good: deliveryIdOfToken does.
 */
export function tokenOfReplyAddress(address: string, domain: string): string | null {
  const m = new RegExp(`^reply\\+([^@]+)@${escapeRegExp(domain)}$`, 'i').exec(address.trim());
  return m ? m[1] : null;
}

/** reply@ or reply+anything@ MAIL_DOMAIN: an address the listener answers for (a bad token is then refused). */
export function isReplyAddress(address: string, domain: string): boolean {
  return new RegExp(`^reply(\\+[^@]*)?@${escapeRegExp(domain)}$`, 'i').test(address.trim());
}

/**
 * The addresses the listener takes replies at, as a log line can show them (not shaped like an
 * address, which the log scrubber would replace): "reply[+<token>]@MAIL_DOMAIN".
 */
export function replyAddressPattern(domain: string): string {
  return `reply[+<token>]@${domain}`;
}

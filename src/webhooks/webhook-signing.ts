import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signing the Standard Webhooks way (https://www.standardwebhooks.com): the secret is `whsec_`
 * and the base64 of random bytes; a delivery's `webhook-signature` is `v1,` and the base64 of
 * HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}`, keyed by the secret's decoded
 * bytes. Several signatures (during a secret's rotation) are separated by spaces; a receiver
 * accepts the request when any of them verifies.
 */

export const SECRET_PREFIX = 'whsec_';
/** 24 random bytes: 192 bits, 32 characters of base64 (the spec allows 24 to 64 bytes) */
const SECRET_BYTES = 24;

/** A new signing secret: `whsec_` + base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The HMAC key a secret stands for: its base64 after the `whsec_` prefix, decoded. */
export function secretKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  if (!key.length) throw new Error('a webhook secret must hold some bytes');
  return key;
}

/** One signature: `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)). `timestamp` in unix seconds. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The `webhook-signature` header: one signature per secret, space-separated. */
export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((s) => signWebhook(s, id, timestamp, body)).join(' ');
}

/** What a delivery carries: the body and its headers, for one attempt at `now`. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * The request of one attempt: the body `{type, timestamp, data}` (`timestamp`: when the event
 * happened, ISO 8601) and the headers; `webhook-timestamp` is the attempt's own time, so a
 * receiver may refuse an old one (a replayed request), and `webhook-id` the event's id, the same
 * on every attempt.
 */
export function signedRequest(
  event: { id: string; type: string; createdAt: Date; data: unknown },
  secrets: readonly string[],
  now: Date = new Date(),
): SignedRequest {
  const body = JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.data });
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(secrets, event.id, timestamp, body),
    },
  };
}

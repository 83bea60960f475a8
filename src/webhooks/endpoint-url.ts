import { isIP } from 'node:net';
import { refusedAddress } from './address-policy.js';
import { refusedAmong, systemResolver, type Resolver } from './guarded-lookup.js';

export interface EndpointUrlPolicy {
  /** NODE_ENV=production: https only */
  production: boolean;
  /** WEBHOOK_ALLOW_PRIVATE */
  allowPrivate: boolean;
}

const MAX_URL = 2000;

/** `url` with the password of its user info (https://user:pass@host/…) masked, for logs and the audit log. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * Why `url` may not be a webhook endpoint, or null when it may: an absolute http(s) URL (https in
 * production), without a fragment, whose host is not, and does not resolve to, an address a
 * webhook may not reach (address-policy.ts; WEBHOOK_ALLOW_PRIVATE opens the private ones). The
 * answer completes "url …" in a 400. Checked again at every connection (guarded-lookup.ts): this
 * is the early, friendly refusal.
 */
export async function endpointUrlProblem(url: string, policy: EndpointUrlPolicy, resolve: Resolver = systemResolver): Promise<string | null> {
  if (url.length > MAX_URL) return `url must be at most ${MAX_URL} characters`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'url must be an absolute URL such as https://crm.example.org/hooks/appeals';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `url must start with https://${policy.production ? '' : ' (or http://)'}, not ${u.protocol}//`;
  if (policy.production && u.protocol !== 'https:') return 'url must use https in production (NODE_ENV=production)';
  if (u.hash) return 'url must not have a #fragment (it is never sent)';
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const hint = policy.allowPrivate ? '' : ' (set WEBHOOK_ALLOW_PRIVATE=true to allow receivers on this machine or a private network)';
  if (isIP(host)) {
    const why = refusedAddress(host, policy.allowPrivate);
    return why ? `url's host ${host} is ${why}: webhooks may not reach it${why.includes('metadata') ? '' : hint}` : null;
  }
  let addresses;
  try {
    addresses = await resolve(host);
  } catch (e) {
    return `url's host ${host} does not resolve (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
  if (!addresses.length) return `url's host ${host} does not resolve`;
  const refused = refusedAmong(addresses, policy.allowPrivate);
  return refused ? `url's host ${host} resolves to ${refused}: webhooks may not reach it${refused.includes('metadata') ? '' : hint}` : null;
}

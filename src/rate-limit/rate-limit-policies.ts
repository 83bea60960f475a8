import type { AppConfig } from '../config/app-config.js';

/** Route metadata: the policy name given to `@RateLimit()`. */
export const RATE_LIMIT_KEY = 'appeals:rate-limit';

/** What a request is counted by: the client address, or the staff account named in the body. */
export type RateLimitSubject = 'address' | 'account';

/** One count of a policy: by what, how many per window, and how a 429 names it. */
export interface RateLimitCount {
  subject: RateLimitSubject;
  /** requests allowed per window, per value of the subject */
  limit: number;
  /** for the 429 message: "Too many <what>: try again in 12 minutes" */
  what: string;
}

export interface RateLimitPolicy {
  windowMs: number;
  /** each counted on its own: a request over any of them is refused (and counts toward none) */
  counts: RateLimitCount[];
  /** a request that succeeds gives its hits back: only failures count (logins) */
  refundOnSuccess: boolean;
}

export const RATE_LIMIT_POLICY_NAMES = ['login', 'sign'] as const;
export type RateLimitName = (typeof RATE_LIMIT_POLICY_NAMES)[number];

/**
 * The limits Appeals enforces, from the configuration:
 * - `login`: failed staff logins, LOGIN_ATTEMPTS_PER_15_MIN per account (one person's typos slow
 *   only their own account) and LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN per client address, several
 *   times higher (an office behind one address is not locked out by one colleague, while someone
 *   guessing passwords across many accounts is stopped);
 * - `sign`: RATE_LIMIT_SIGN_PER_MINUTE signatures per client address (API and web form).
 */
export function rateLimitPolicies(config: AppConfig): Record<RateLimitName, RateLimitPolicy> {
  return {
    login: {
      windowMs: 15 * 60_000,
      counts: [
        { subject: 'account', limit: config.loginAttemptsPer15Min, what: 'failed logins for this account' },
        { subject: 'address', limit: config.loginAttemptsPerAddressPer15Min, what: 'failed logins from this address' },
      ],
      refundOnSuccess: true,
    },
    sign: {
      windowMs: 60_000,
      counts: [{ subject: 'address', limit: config.rateLimitSignPerMinute, what: 'signatures from this address' }],
      refundOnSuccess: false,
    },
  };
}

/** "42 seconds", "14 minutes": how long to wait, in words (up to 90 seconds in seconds, then in minutes rounded up). */
export function waitInWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s <= 90) return s === 1 ? '1 second' : `${s} seconds`;
  return `${Math.ceil(s / 60)} minutes`;
}

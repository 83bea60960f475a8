import type { AppConfig } from '../config/app-config.js';

/** Route metadata: the policy name given to `@RateLimit()`. */
export const RATE_LIMIT_KEY = 'appeals:rate-limit';

/** What a request is counted by: the client address, or the staff account named in the body. */
export type RateLimitSubject = 'address' | 'account';

export interface RateLimitPolicy {
  /** requests allowed per window, per subject */
  limit: number;
  windowMs: number;
  subjects: RateLimitSubject[];
  /** a request that succeeds gives its hit back: only failures count (logins) */
  refundOnSuccess: boolean;
  /** for the 429 message: "Too many <what>" */
  what: string;
}

export const RATE_LIMIT_POLICY_NAMES = ['login', 'sign'] as const;
export type RateLimitName = (typeof RATE_LIMIT_POLICY_NAMES)[number];

/**
 * The limits Appeals enforces, from the configuration:
 * - `login`: LOGIN_ATTEMPTS_PER_15_MIN failed staff logins per client address and per account;
 * - `sign`: RATE_LIMIT_SIGN_PER_MINUTE signatures per client address (API and web form).
 */
export function rateLimitPolicies(config: AppConfig): Record<RateLimitName, RateLimitPolicy> {
  return {
    login: {
      limit: config.loginAttemptsPer15Min,
      windowMs: 15 * 60_000,
      subjects: ['address', 'account'],
      refundOnSuccess: true,
      what: 'login attempts',
    },
    sign: {
      limit: config.rateLimitSignPerMinute,
      windowMs: 60_000,
      subjects: ['address'],
      refundOnSuccess: false,
      what: 'signatures from this address',
    },
  };
}

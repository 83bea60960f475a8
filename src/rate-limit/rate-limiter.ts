import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { InjectRedis } from '../queue/redis.provider.js';
import { rateLimitPolicies, type RateLimitCount, type RateLimitName, type RateLimitPolicy, type RateLimitSubject } from './rate-limit-policies.js';

/**
 * Fixed windows counted in Redis, so every API process shares one count: one counter per key, the
 * window's expiry set by the first hit. A request over the limit of any of its keys is refused and
 * counts toward none (so an account locked by its own failures, tried again and again, does not
 * use up its address's allowance for everyone else there). Atomic (one Lua script for all the
 * keys of a request) and one round trip. ARGV[1]: the window in ms; ARGV[1 + i]: the limit of
 * KEYS[i]. Answers 1 when refused (else 0), then each key's count and milliseconds left.
 */
const HIT = `
local refused = 0
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = tonumber(redis.call('GET', key) or '0')
  if counts[i] >= tonumber(ARGV[i + 1]) then refused = 1 end
end
local out = { refused }
for i, key in ipairs(KEYS) do
  local n = counts[i]
  if refused == 0 then n = redis.call('INCR', key) end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 and n > 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  out[#out + 1] = n
  out[#out + 1] = ttl
end
return out`;

/** Gives a hit back, never below zero and never on a key that has expired meanwhile. */
const REFUND = `
for i, key in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', key) or '0')
  if n > 0 then redis.call('DECR', key) end
end
return 0`;

type ScriptedRedis = Redis & {
  appealsRateLimitHit(...args: (string | number)[]): Promise<number[]>;
  appealsRateLimitRefund(...args: (string | number)[]): Promise<number>;
};

export interface RateLimitDecision {
  allowed: boolean;
  /** the limit of the tightest count (for RateLimit-Limit) */
  limit: number;
  /** what is left in the tightest count */
  remaining: number;
  /** when refused: seconds until the count that refuses (the longest, if several) lets a request through */
  retryAfterSeconds: number;
  /** when refused: the count that refused it, for the message ("failed logins for this account") */
  refusedBy: RateLimitCount | null;
  /** the keys counted, for a refund (none when refused: a refused request counts toward nothing) */
  keys: string[];
}

@Injectable()
export class RateLimiter {
  private readonly log = new Logger(RateLimiter.name);
  private readonly redis: ScriptedRedis;
  private readonly policies: Record<RateLimitName, RateLimitPolicy>;
  private readonly prefix: string;
  private lastWarning = 0;

  constructor(@InjectRedis() redis: Redis, @InjectConfig() config: AppConfig) {
    if (!('appealsRateLimitHit' in redis)) {
      redis.defineCommand('appealsRateLimitHit', { lua: HIT });
      redis.defineCommand('appealsRateLimitRefund', { lua: REFUND });
    }
    this.redis = redis as ScriptedRedis;
    this.policies = rateLimitPolicies(config);
    this.prefix = `${config.queuePrefix}:rl`;
  }

  policy(name: RateLimitName): RateLimitPolicy {
    return this.policies[name];
  }

  /**
   * Counts one request against `name`, for each of the policy's counts whose subject the request
   * has a value for (the client address; the account, when the body names one). When Redis does
   * not answer, the request is allowed (and a warning logged): a limiter outage must not stop
   * supporters from signing.
   */
  async hit(name: RateLimitName, values: Partial<Record<RateLimitSubject, string>>): Promise<RateLimitDecision> {
    const policy = this.policies[name];
    const counted = policy.counts.filter((c) => values[c.subject] !== undefined);
    const keys = counted.map((c) => `${this.prefix}:${name}:${c.subject}:${values[c.subject]}`);
    const tightest = counted.reduce<RateLimitCount | null>((t, c) => (!t || c.limit < t.limit ? c : t), null);
    const open: RateLimitDecision = {
      allowed: true,
      limit: tightest?.limit ?? 0,
      remaining: tightest?.limit ?? 0,
      retryAfterSeconds: 0,
      refusedBy: null,
      keys: [],
    };
    if (!keys.length) return open;
    let answer: number[];
    try {
      answer = (await this.redis.appealsRateLimitHit(keys.length, ...keys, policy.windowMs, ...counted.map((c) => c.limit))).map(Number);
    } catch (e) {
      this.warnOpen(e as Error);
      return open;
    }
    const refused = answer[0] === 1;
    let least = { limit: open.limit, remaining: Number.POSITIVE_INFINITY };
    let refusedBy: RateLimitCount | null = null;
    let retryAfterMs = 0;
    for (const [i, c] of counted.entries()) {
      const n = answer[1 + 2 * i];
      const ttl = answer[2 + 2 * i];
      const remaining = Math.max(0, c.limit - n);
      if (remaining < least.remaining) least = { limit: c.limit, remaining };
      if (refused && n >= c.limit && ttl >= retryAfterMs) {
        retryAfterMs = ttl;
        refusedBy = c;
      }
    }
    return {
      allowed: !refused,
      limit: least.limit,
      remaining: least.remaining,
      retryAfterSeconds: refused ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : 0,
      refusedBy,
      keys: refused ? [] : keys,
    };
  }

  /** Gives back the hits of a request that turned out to be no attempt worth counting. */
  async refund(keys: string[]): Promise<void> {
    if (!keys.length) return;
    try {
      await this.redis.appealsRateLimitRefund(keys.length, ...keys);
    } catch (e) {
      this.warnOpen(e as Error);
    }
  }

  private warnOpen(e: Error) {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.log.warn(`rate limits are not enforced while Redis does not answer: ${e.message}`);
  }
}

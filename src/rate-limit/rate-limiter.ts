import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { InjectRedis } from '../queue/redis.provider.js';
import { rateLimitPolicies, type RateLimitName, type RateLimitPolicy } from './rate-limit-policies.js';

/**
 * Fixed windows counted in Redis, so every API process shares one count: one INCR per key, the
 * window's expiry set by the first hit. Atomic (one Lua script for all the keys of a request)
 * and one round trip.
 */
const HIT = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
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
  limit: number;
  /** what is left in the tightest window */
  remaining: number;
  /** when blocked: seconds until the window that blocks ends */
  retryAfterSeconds: number;
  /** the keys counted, for a refund */
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
   * Counts one request against `name` for each subject value (e.g. the address and the account).
   * When Redis does not answer, the request is allowed (and a warning logged): a limiter outage
   * must not stop supporters from signing.
   */
  async hit(name: RateLimitName, subjects: { kind: string; value: string }[]): Promise<RateLimitDecision> {
    const policy = this.policies[name];
    const keys = subjects.map((s) => `${this.prefix}:${name}:${s.kind}:${s.value}`);
    const open: RateLimitDecision = { allowed: true, limit: policy.limit, remaining: policy.limit, retryAfterSeconds: 0, keys: [] };
    if (!keys.length) return open;
    let counts: number[];
    try {
      counts = await this.redis.appealsRateLimitHit(keys.length, ...keys, policy.windowMs);
    } catch (e) {
      this.warnOpen(e as Error);
      return open;
    }
    let remaining = policy.limit;
    let retryAfterMs = 0;
    for (let i = 0; i < keys.length; i++) {
      const n = Number(counts[2 * i]);
      const ttl = Number(counts[2 * i + 1]);
      remaining = Math.min(remaining, Math.max(0, policy.limit - n));
      if (n > policy.limit) retryAfterMs = Math.max(retryAfterMs, ttl);
    }
    return {
      allowed: retryAfterMs === 0,
      limit: policy.limit,
      remaining,
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
      keys,
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

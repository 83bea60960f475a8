import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { InjectRedis } from '../queue/redis.provider.js';

/**
 * Takes one of `limit` slots of the window's counter: 1 when taken, 0 when all are taken.
 * Atomic, so every worker process shares one count.
 */
const TAKE_SLOT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return 0
end
return 1`;

export interface PacingSlot {
  /** 0 when a slot was taken; else how long to wait before trying again */
  waitMs: number;
  release(): Promise<void>;
}

/**
 * A campaign's `maxPerTargetPerHour`, per target address and across campaigns: letters to one
 * official per window never exceed the limit, whichever worker process sends them. A letter over
 * the limit waits for the next window (deferred, not failed).
 */
@Injectable()
export class TargetPacer {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async take(targetEmail: string, limit: number): Promise<PacingSlot> {
    const windowMs = this.config.targetPacingWindowSeconds * 1000;
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const key = `${this.config.queuePrefix}:pace:${targetEmail}:${window}`;
    // the key outlives its window, so a late INCR never restarts a finished window
    const taken = Number(await this.redis.eval(TAKE_SLOT, 1, key, limit, windowMs + 60_000)) === 1;
    return {
      waitMs: taken ? 0 : (window + 1) * windowMs - now,
      release: async () => {
        if (taken) await this.redis.decr(key);
      },
    };
  }

  /** How many letters went to this address in the current window. */
  async used(targetEmail: string): Promise<number> {
    const windowMs = this.config.targetPacingWindowSeconds * 1000;
    return Number((await this.redis.get(`${this.config.queuePrefix}:pace:${targetEmail}:${Math.floor(Date.now() / windowMs)}`)) ?? 0);
  }
}

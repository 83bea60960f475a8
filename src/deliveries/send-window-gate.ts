import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Clock } from '../common/clock.js';
import { isTimeZone, timeZoneOf } from '../common/time-zone.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { InjectRedis } from '../queue/redis.provider.js';
import { currentOpening, FALLBACK_TIME_ZONE, nextOpening, spreadGapMs, spreadWithin, type SendWindow } from './send-window.js';

/** The rank of one more letter deferred to an opening: INCR, with the key's expiry set by its first. Atomic across workers. */
const TAKE_RANK = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** A claimed letter's official, as the gate reads it (from CLAIM_SQL). */
export interface WindowedTarget {
  email: string;
  timeZone: string | null;
  country: string | null;
}

/**
 * Office hours at the moment of sending: is the official's send window open now (by the
 * injectable Clock), and if not, until when the letter waits. The letters that find the window
 * closed are spread over the next opening: a Redis counter per (target address, opening) gives
 * each its rank k (0 for the first), and it goes k × gap after the opening (spreadWithin), the
 * gap 3600 s / maxPerTargetPerHour when paced, else 1 s. The counter's key carries the app's
 * Redis prefix and expires when the opening closes.
 */
@Injectable()
export class SendWindowGate {
  private readonly log = new Logger(SendWindowGate.name);

  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The zone a target's window is read in: its own, its country's only one, or UTC (also for a zone this Node.js does not know). */
  zoneOf(target: WindowedTarget): string {
    const { zone } = timeZoneOf(target);
    if (zone && !isTimeZone(zone)) {
      this.log.warn(`the time zone ${JSON.stringify(zone)} of ${target.email} is unknown to this Node.js: its office hours follow UTC`);
      return FALLBACK_TIME_ZONE;
    }
    return zone ?? FALLBACK_TIME_ZONE;
  }

  /**
   * Null when the letter may go now; else the instant (by the Clock) it should be tried again:
   * its place in the next opening.
   */
  async deferral(window: SendWindow, target: WindowedTarget, maxPerTargetPerHour: number | null | undefined): Promise<number | null> {
    const zone = this.zoneOf(target);
    const now = this.clock.now();
    if (currentOpening(window, zone, now)) return null;
    const next = nextOpening(window, zone, now);
    const key = `${this.config.queuePrefix}:window:${target.email}:${next.openMs}`;
    const ttlMs = Math.max(1000, next.closeMs - now);
    const rank = Number(await this.redis.eval(TAKE_RANK, 1, key, ttlMs)) - 1;
    return spreadWithin(next, rank, spreadGapMs(maxPerTargetPerHour));
  }

  /** Turns an instant of the Clock into one of real time, for BullMQ (which schedules by Date.now()). */
  realTime(clockMs: number): number {
    return Date.now() + (clockMs - this.clock.now());
  }
}

import { Inject, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/app-config.module.js';
import { redisOptionsFromUrl } from './redis-options.js';

export const REDIS = Symbol('REDIS');
/** The app's own Redis connection (pacing, locks), apart from BullMQ's: `@InjectRedis() redis: Redis`. */
export const InjectRedis = () => Inject(REDIS);

class AppRedis extends Redis implements OnApplicationShutdown {
  async onApplicationShutdown() {
    await this.quit().catch(() => this.disconnect());
  }
}

export const redisProvider: Provider = {
  provide: REDIS,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig) => {
    const redis = new AppRedis({
      ...redisOptionsFromUrl(config.redisUrl),
      connectionName: `${config.queuePrefix}:app`,
      // callers fail fast while Redis is away rather than queueing commands in memory
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
    redis.on('error', () => undefined); // reconnects by itself; /health reports the outage
    // give the first connection a moment, but start even if Redis is down (health says so)
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return redis;
  },
};

import { Inject, type Provider } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/app-config.module.js';
import { RedisConnections } from './redis-connections.js';

export const REDIS = Symbol('REDIS');
/**
 * The app's own Redis connection (pacing, locks, rate limits), apart from BullMQ's:
 * `@InjectRedis() redis: Redis`. On a Redis Cluster it is a Cluster client; every key the app
 * writes starts with QUEUE_PREFIX, whose hash tag keeps it in the queues' slot.
 */
export const InjectRedis = () => Inject(REDIS);

export const redisProvider: Provider = {
  provide: REDIS,
  inject: [APP_CONFIG, RedisConnections],
  useFactory: async (config: AppConfig, connections: RedisConnections) => {
    const redis = connections.create({
      connectionName: `${config.queuePrefix}:app`,
      // callers fail fast while Redis is away rather than queueing commands in memory: a
      // command fails once a reconnection has failed. Through Sentinel a failover drops every
      // connection on purpose and the next one reaches the new master tens of ms later: the
      // commands of that moment wait for it (in the offline queue) rather than fail (a letter's
      // pacing check failing after its claim leaves the letter for the reconciler's lease).
      maxRetriesPerRequest: 1,
      enableOfflineQueue: config.redisTopology.kind === 'sentinel',
      // the commands made in one turn of the event loop (a spike's rate-limit checks, a batch of
      // letters' pacing checks) go to Redis in one write: a write per command was a tenth of an
      // API process's time under the signing benchmark
      enableAutoPipelining: true,
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

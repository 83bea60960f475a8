import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions, RedisOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { createRedisClient, redisConnectionOptions, SentinelMasters } from './redis-options.js';

/**
 * The Redis connections of the process, for the configured topology (single, Sentinel, Cluster):
 * BullMQ's and the app's own. Every client made here is closed here at shutdown. It lives in the
 * global QueueModule, whose shutdown hooks run after BullMQ has closed its queues and workers.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly clients = new Set<Redis>();
  /** through Sentinel: the master the connections are on, shared by all of them, so a failover is logged once */
  private readonly masters = new SentinelMasters();

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  /**
   * BullMQ's `connection`: options for a single Redis or Sentinel (BullMQ opens its own
   * connections from them), and on a Cluster a client made here, which every queue shares and
   * each worker duplicates for its blocking reads.
   */
  forBullMq(): ConnectionOptions {
    // workers must wait for Redis forever: BullMQ wants maxRetriesPerRequest null
    const options: Partial<RedisOptions> = { maxRetriesPerRequest: null };
    if (this.config.redisTopology.kind !== 'cluster') return { ...redisConnectionOptions(this.config, this.masters), ...options };
    return this.create({ ...options, connectionName: `${this.config.queuePrefix}:bullmq` });
  }

  /** A new client (closed at shutdown). */
  create(options: Partial<RedisOptions> = {}): Redis {
    const client = createRedisClient(this.config, options, this.masters);
    this.clients.add(client);
    return client;
  }

  async onApplicationShutdown() {
    await Promise.all([...this.clients].map((c) => c.quit().catch(() => c.disconnect())));
    this.clients.clear();
    this.masters.close();
  }
}

import type { RedisOptions } from 'bullmq';
import { Cluster, Redis, type ClusterOptions, type RedisOptions as IORedisOptions } from 'ioredis';
import type { AppConfig } from '../config/app-config.js';

/** ioredis options from REDIS_URL (redis://[user:pass@]host:port[/db], rediss:// for TLS). */
export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  const u = new URL(redisUrl);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: db ? Number(db) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * The options of one connection to the Redis that holds the queues: REDIS_URL as it is, or with
 * Sentinel (REDIS_SENTINELS) REDIS_URL's credentials, database and TLS for the master that the
 * Sentinels name (REDIS_SENTINEL_NAME), which ioredis asks them for again after a failover. Not
 * for a Cluster: see createRedisClient.
 */
export function redisConnectionOptions(config: AppConfig): RedisOptions {
  const fromUrl = redisOptionsFromUrl(config.redisUrl);
  const topology = config.redisTopology;
  if (topology.kind !== 'sentinel') return fromUrl;
  const { host: _host, port: _port, ...master } = fromUrl;
  return {
    ...master,
    sentinels: topology.sentinels,
    name: topology.name,
    sentinelPassword: topology.sentinelPassword ?? undefined,
    // rediss:// speaks TLS to the Sentinels too
    enableTLSForSentinelMode: fromUrl.tls ? true : undefined,
  };
}

/**
 * A client of the configured topology: a Cluster (REDIS_CLUSTER_NODES, its nodes reached with
 * REDIS_URL's credentials and TLS), else a Redis (single or through Sentinel). Typed as Redis: the
 * commands Appeals uses (GET, SET, INCR, EVAL of one-slot scripts, pipelines of one queue's keys)
 * mean the same on both, because every key starts with the QUEUE_PREFIX hash tag.
 */
export function createRedisClient(config: AppConfig, options: Partial<RedisOptions> = {}): Redis {
  const topology = config.redisTopology;
  if (topology.kind !== 'cluster') return new Redis({ ...redisConnectionOptions(config), ...options } as IORedisOptions);
  const { host: _host, port: _port, db: _db, ...auth } = redisOptionsFromUrl(config.redisUrl);
  // these two are the Cluster client's own options; the rest apply to each node's connection
  const { enableOfflineQueue, lazyConnect, ...perNode } = options;
  const clusterOptions: ClusterOptions = {
    redisOptions: { ...auth, ...perNode } as ClusterOptions['redisOptions'],
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    // with TLS, nodes are reached by host name (not a resolved address), so their certificates match
    ...(auth.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
  return new Cluster(topology.nodes, clusterOptions) as unknown as Redis;
}

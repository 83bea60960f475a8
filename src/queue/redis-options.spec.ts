import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Cluster, Redis } from 'ioredis';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { createRedisClient, redisConnectionOptions, SentinelMasters } from './redis-options.js';

describe('Redis topologies', () => {
  it('a single Redis: REDIS_URL as it is', () => {
    const config = loadConfig({ REDIS_URL: 'redis://:secret@cache.internal:6380/3' });
    expect(config.redisTopology).toEqual({ kind: 'single' });
    expect(redisConnectionOptions(config)).toMatchObject({ host: 'cache.internal', port: 6380, password: 'secret', db: 3 });
  });

  it('Sentinel: the master named by REDIS_SENTINEL_NAME, with REDIS_URL’s password, database and TLS', () => {
    const config = loadConfig({
      REDIS_URL: 'rediss://:secret@ignored:6379/2',
      REDIS_SENTINELS: 'sentinel-1:26379, [::1]:26380',
      REDIS_SENTINEL_NAME: 'appeals-master',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    });
    expect(config.redisTopology).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'appeals-master',
      sentinelPassword: 'sentinel-secret',
    });
    const options = redisConnectionOptions(config);
    expect(options).toMatchObject({
      name: 'appeals-master',
      sentinelPassword: 'sentinel-secret',
      password: 'secret',
      db: 2,
      tls: {},
      enableTLSForSentinelMode: true,
    });
    expect(options.host).toBeUndefined();
    expect(loadConfig({ REDIS_SENTINELS: 's:26379' }).redisTopology).toMatchObject({ name: 'mymaster', sentinelPassword: null });
  });

  it('Sentinel: each connection follows a failover at once (test/scale-out-failover.e2e-spec.ts measures it)', () => {
    const options = redisConnectionOptions(loadConfig({ REDIS_SENTINELS: 's:26379' })) as Record<string, unknown>;
    expect(options).toMatchObject({ role: 'master', failoverDetector: true });
    const retry = options.retryStrategy as (times: number) => number;
    expect([1, 2, 3, 4, 5, 6, 20].map(retry)).toEqual([50, 100, 200, 400, 800, 1000, 1000]);
    const onError = options.reconnectOnError as (e: Error) => unknown;
    expect(onError(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(onError(new Error('ERR unknown command'))).toBe(false);
    expect(options.Connector).toEqual(expect.any(Function));
    // a single Redis keeps ioredis's and BullMQ's defaults
    expect(redisConnectionOptions(loadConfig({}))).not.toHaveProperty('failoverDetector');
  });

  it('Sentinel: a failover is logged once, naming the old and the new master, however many connections follow it', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const masters = new SentinelMasters();
      for (let i = 0; i < 5; i++) masters.found('mymaster', '10.0.0.1:6379');
      expect(warn).not.toHaveBeenCalled();
      for (let i = 0; i < 5; i++) masters.found('mymaster', '10.0.0.2:6379');
      expect(warn.mock.calls.map((c) => c[0])).toEqual([
        `Redis Sentinel failover of "mymaster": master 10.0.0.1:6379 → 10.0.0.2:6379; this process's Redis connections follow the new master`,
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('Cluster: its nodes, and a QUEUE_PREFIX that is a {hash tag}', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: 'node-a:7000,node-b:7001', QUEUE_PREFIX: '{appeals}', REDIS_URL: 'redis://:secret@ignored:6379' });
    expect(config.redisTopology).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'node-a', port: 7000 },
        { host: 'node-b', port: 7001 },
      ],
    });
    const client = createRedisClient(config, { lazyConnect: true, maxRetriesPerRequest: null }) as unknown as Cluster;
    try {
      expect(client).toBeInstanceOf(Cluster);
      expect(client.options.lazyConnect).toBe(true);
      expect(client.options.redisOptions).toMatchObject({ password: 'secret', maxRetriesPerRequest: null });
    } finally {
      client.disconnect();
    }
    const single = createRedisClient(loadConfig({}), { lazyConnect: true });
    expect(single).toBeInstanceOf(Redis);
    single.disconnect();
  });

  it.each([
    [{ REDIS_CLUSTER_NODES: 'node-a:7000', QUEUE_PREFIX: 'appeals' }, 'QUEUE_PREFIX: must hold one {hash tag} on a Redis Cluster'],
    [{ REDIS_CLUSTER_NODES: 'node-a:7000' }, 'QUEUE_PREFIX: must hold one {hash tag}'],
    [{ REDIS_CLUSTER_NODES: 'node-a:7000', QUEUE_PREFIX: '{appeals}', REDIS_URL: 'redis://x:6379/4' }, 'REDIS_URL: a Redis Cluster has only database 0'],
    [{ REDIS_CLUSTER_NODES: 'node-a:7000', REDIS_SENTINELS: 's:26379' }, 'give one or the other'],
    [{ REDIS_CLUSTER_NODES: 'node-a,node-b' }, 'REDIS_CLUSTER_NODES: must be a comma-separated list of host:port'],
    [{ REDIS_SENTINELS: 'sentinel-1' }, 'REDIS_SENTINELS: must be a comma-separated list of host:port'],
  ])('refuses %j, naming the problem', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

import { Logger } from '@nestjs/common';
import type { RedisOptions } from 'bullmq';
import { Cluster, Redis, SentinelConnector, type ClusterOptions, type RedisOptions as IORedisOptions, type SentinelConnectionOptions } from 'ioredis';
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
 * Sentinels name (REDIS_SENTINEL_NAME). Not for a Cluster: see createRedisClient.
 *
 * Through Sentinel, each connection follows a failover at once (see sentinelOptions); `masters`
 * is the process's record of the master, so that a failover is logged once, however many
 * connections follow it.
 */
export function redisConnectionOptions(config: AppConfig, masters: SentinelMasters = new SentinelMasters()): RedisOptions {
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
    ...sentinelOptions(masters),
  };
}

/**
 * How a connection through Sentinel follows a failover. Measured on a real master, replica and
 * three Sentinels (test/scale-out-failover.e2e-spec.ts): with ioredis's defaults, after a
 * `SENTINEL FAILOVER` every connection stayed on the old master until the Sentinels demoted it
 * (and it dropped its clients) about 10 s later, writing queue state that the resync then threw
 * away; and a connection whose master was killed logged "All sentinels are unreachable" while
 * every Sentinel answered. So:
 *
 * - `failoverDetector`: each connection subscribes to the Sentinels' `+switch-master` and drops
 *   its connection the moment the new master is announced (ioredis leaves it off). It costs a
 *   pub/sub connection to each Sentinel per connection.
 * - `retryStrategy`: the first reconnection 50 ms after the drop, then doubling up to 1 s; BullMQ's
 *   own waits at least 1 s each time, a second of work stopped at every failover.
 * - `role: 'master'`: a connection whose server says it is a replica (a demoted master the
 *   Sentinels still named) asks the Sentinels again; `reconnectOnError` does the same when a
 *   write is refused with READONLY, and sends the command again on the master.
 * - `Connector`: see FollowingSentinelConnector.
 */
function sentinelOptions(masters: SentinelMasters) {
  return {
    role: 'master',
    failoverDetector: true,
    retryStrategy: (times: number) => Math.min(50 * 2 ** (times - 1), 1000),
    reconnectOnError: (error: Error) => (error.message.startsWith('READONLY') ? 2 : false),
    Connector: masters.connector,
  } satisfies SentinelConnectionOptions & Partial<IORedisOptions>;
}

/**
 * The master each Sentinel-watched group is on, as this process's connections found it: a
 * connection that finds another master than the one before logs the failover, once for all the
 * connections that follow it.
 */
export class SentinelMasters {
  private readonly log = new Logger('Redis');
  private readonly current = new Map<string, string>();
  private readonly connectors = new Set<FollowingSentinelConnector>();

  /** ioredis's connector for a connection through Sentinel (the `Connector` option) that reports its master here. */
  readonly connector: NonNullable<IORedisOptions['Connector']>;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const masters = this;
    this.connector = class extends FollowingSentinelConnector {
      constructor(options: SentinelConnectionOptions) {
        super(options);
        masters.connectors.add(this);
      }
      protected override onMaster(name: string, address: string) {
        masters.found(name, address);
      }
    } as unknown as NonNullable<IORedisOptions['Connector']>;
  }

  /**
   * Closes what the connections' failover detectors hold open (a subscription to each Sentinel):
   * ioredis closes them when a connection is disconnected, not when it quits (as BullMQ and
   * RedisConnections end theirs), and they would keep the process from exiting. At shutdown,
   * once every connection is closed. (A connector is kept for the life of its connection, which
   * is the process's for all but a few: the set stays as small as the process's connections.)
   */
  close() {
    for (const connector of this.connectors) connector.disconnect();
  }

  /** A connection of group `name` is on the master at `address` (host:port). */
  found(name: string, address: string) {
    const before = this.current.get(name);
    if (before === address) return;
    this.current.set(name, address);
    if (before) this.log.warn(`Redis Sentinel failover of "${name}": master ${before} → ${address}; this process's Redis connections follow the new master`);
  }
}

/**
 * ioredis's Sentinel connector with two changes:
 *
 * - It keeps its place in the list of Sentinels from one connection to the next, and reports
 *   "All sentinels are unreachable" when it reaches the end of the list, whether or not any
 *   Sentinel failed: after a master is killed, as many reconnections as there are Sentinels
 *   (each Sentinel answering with the dead master's address, which refuses the connection) use
 *   up the list, and the next one logged that error while every Sentinel answered. Here each
 *   connection asks first the Sentinel that answered the last one, so the message means what it
 *   says: every Sentinel was asked, in one go, and none answered.
 * - Once the server it reached says it is the master, it says which master that is
 *   (`onMaster`), so that a failover is logged as one.
 */
class FollowingSentinelConnector extends SentinelConnector {
  override connect(...args: Parameters<SentinelConnector['connect']>) {
    // past the start of the list: the last connection's Sentinel answered (and its master then
    // refused or dropped the connection). Ask it first again, and the others after it. At the
    // start already (a failover detector or ioredis's role check rewound it): as it is.
    if (this.position() > 0) this.sentinelIterator.reset(true);
    return super.connect(...args);
  }

  override check(info: { role?: string }): boolean {
    const ok = super.check(info);
    if (ok && this.stream?.remoteAddress && this.options.name) this.onMaster(this.options.name, `${this.stream.remoteAddress}:${this.stream.remotePort}`);
    return ok;
  }

  /** where in the list of Sentinels the next connection would start (SentinelIterator says it only in its toString: `[…] @2`) */
  private position(): number {
    return Number(/@(\d+)$/.exec(this.sentinelIterator.toString())?.[1] ?? 0);
  }

  protected onMaster(_name: string, _address: string) {}
}

/**
 * A client of the configured topology: a Cluster (REDIS_CLUSTER_NODES, its nodes reached with
 * REDIS_URL's credentials and TLS), else a Redis (single or through Sentinel). Typed as Redis: the
 * commands Appeals uses (GET, SET, INCR, EVAL of one-slot scripts, pipelines of one queue's keys)
 * mean the same on both, because every key starts with the QUEUE_PREFIX hash tag.
 */
export function createRedisClient(config: AppConfig, options: Partial<RedisOptions> = {}, masters?: SentinelMasters): Redis {
  const topology = config.redisTopology;
  if (topology.kind !== 'cluster') return new Redis({ ...redisConnectionOptions(config, masters), ...options } as IORedisOptions);
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

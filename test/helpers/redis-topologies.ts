import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './stack.js';
import { waitFor } from './wait.js';

const run = promisify(execFile);

/**
 * redis-server processes of a test's own, on spare loopback ports, in a temporary directory:
 * plain servers, replicas, Sentinels and Clusters (Debian's redis-server, `--sentinel` for a
 * Sentinel). The shared Redis on 6379 is never touched. `stop()` kills every one (SIGKILL) and
 * removes the directory: call it in afterAll.
 */
export class RedisProcesses {
  readonly dir = mkdtempSync(join(tmpdir(), 'appeals-redis-'));
  private readonly procs = new Map<number, ChildProcess>();

  /**
   * A redis-server on a spare port, with `args` after the common ones (a function of the port, for
   * arguments that name it); resolves once it answers as this process (INFO's process_id): a port
   * found free can be taken by another program before the server binds it, and then another is tried.
   */
  async server(args: string[] | ((port: number) => Promise<string[]> | string[]) = []): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const extra = typeof args === 'function' ? await args(port) : args;
      // a file of its own: a replica's full sync writes one, which a server started later in the same directory would load
      const dbfile = ['--dbfilename', `dump-${port}.rdb`];
      const proc = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, ...dbfile, ...extra],
        {
          stdio: 'ignore',
        },
      );
      this.procs.set(port, proc);
      const found = await waitFor(
        async () => {
          if (proc.exitCode !== null || proc.signalCode !== null) return 'exited';
          const pid = await info(port, 'server').then(
            (i) => i.process_id,
            () => null,
          );
          return pid === String(proc.pid) ? 'ours' : pid ? 'another' : null;
        },
        `redis-server on ${port}`,
        { timeout: 10_000 },
      );
      if (found === 'ours') return port;
      await killed(proc);
      this.procs.delete(port);
      if (attempt >= 5) throw new Error(`redis-server: port ${port} taken by another program (${found}), five times over`);
    }
  }

  /**
   * A Sentinel watching the master `name` at `masterPort` (`quorum` Sentinels must agree it is
   * down; `downAfterMs`, `failoverTimeoutMs` as in sentinel.conf); resolves once it names the master.
   */
  async sentinel(masterPort: number, name: string, { quorum = 1, downAfterMs = 30_000, failoverTimeoutMs = 180_000 } = {}): Promise<number> {
    const port = await freePort();
    const conf = join(this.dir, `sentinel-${port}.conf`);
    writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${this.dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${masterPort} ${quorum}`,
        `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
        `sentinel failover-timeout ${name} ${failoverTimeoutMs}`,
        '',
      ].join('\n'),
    );
    this.procs.set(port, spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    await waitFor(
      async () => {
        const r = await command(port, 'SENTINEL', 'get-master-addr-by-name', name).catch(() => null);
        return Array.isArray(r) && r[1] === String(masterPort);
      },
      `a Sentinel on ${port} watching ${masterPort}`,
      { timeout: 10_000 },
    );
    return port;
  }

  /**
   * A Sentinel-watched master: the master, `replicas` replicas (`--replicaof`) in sync with it,
   * and `sentinels` Sentinels with quorum `quorum`, each of which knows the others and the
   * replicas (so a vote can be held at once). Small `downAfterMs` and `failoverTimeoutMs`: a
   * killed master is replaced within seconds.
   */
  async sentinelGroup(name: string, { replicas = 1, sentinels = 3, quorum = 2, downAfterMs = 1000, failoverTimeoutMs = 3000 } = {}): Promise<SentinelGroup> {
    const master = await this.server();
    const replicaPorts: number[] = [];
    for (let i = 0; i < replicas; i++) replicaPorts.push(await this.server(['--replicaof', '127.0.0.1', String(master)]));
    await waitFor(
      async () => (await Promise.all(replicaPorts.map((p) => info(p, 'replication')))).every((i) => i.master_link_status === 'up'),
      'the replicas to be in sync',
      { timeout: 10_000 },
    );
    const sentinelPorts: number[] = [];
    for (let i = 0; i < sentinels; i++) sentinelPorts.push(await this.sentinel(master, name, { quorum, downAfterMs, failoverTimeoutMs }));
    // Sentinels find each other and the replicas through the master (hello messages every 2 s)
    await waitFor(
      async () => {
        const views = await Promise.all(
          sentinelPorts.map(async (p) => ({
            sentinels: ((await command(p, 'SENTINEL', 'sentinels', name)) as unknown[]).length,
            replicas: ((await command(p, 'SENTINEL', 'replicas', name)) as unknown[]).length,
          })),
        );
        return views.every((v) => v.sentinels === sentinels - 1 && v.replicas === replicas);
      },
      'the Sentinels to know each other and the replicas',
      { timeout: 20_000, interval: 200 },
    );
    return { name, master, replicas: replicaPorts, sentinels: sentinelPorts };
  }

  /**
   * A Cluster of `masters` masters and `replicasPerMaster` replicas of each (cluster bus on spare
   * ports of its own, node timeout 5 s), resolved once every node says `cluster_state:ok`.
   */
  async cluster(masters: number, replicasPerMaster = 0): Promise<number[]> {
    const ports: number[] = [];
    for (let i = 0; i < masters * (1 + replicasPerMaster); i++) {
      ports.push(
        await this.server(async (port) => [
          '--cluster-enabled',
          'yes',
          // the cluster bus on a spare port of its own (port + 10000 may be past 65535)
          '--cluster-port',
          String(await freePort()),
          '--cluster-config-file',
          join(this.dir, `nodes-${port}.conf`),
          // long enough that a node slowed by a busy machine is not failed over by mistake
          '--cluster-node-timeout',
          '5000',
        ]),
      );
    }
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      String(replicasPerMaster),
      '--cluster-yes',
    ]).catch((e: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    });
    await waitFor(
      async () => {
        const infos = await Promise.all(ports.map((p) => command(p, 'CLUSTER', 'INFO')));
        if (!infos.every((i) => String(i).includes('cluster_state:ok'))) return false;
        // every node knows every other and which are replicas (roles spread by gossip), and every replica is in sync with its master
        const views = await Promise.all(ports.map((p) => clusterNodes(p)));
        const replicaCount = masters * replicasPerMaster;
        if (!views.every((v) => v.length === ports.length && v.filter((n) => n.role === 'slave').length === replicaCount)) return false;
        const replicas = views[0].filter((n) => n.role === 'slave').map((n) => n.port);
        return (await Promise.all(replicas.map((p) => info(p, 'replication')))).every((i) => i.master_link_status === 'up');
      },
      'the cluster to be ok, its replicas in sync',
      { timeout: 20_000, interval: 100 },
    );
    return ports;
  }

  /** Kills the redis-server (or Sentinel) on `port` with SIGKILL; resolves once it has exited. */
  kill(port: number): Promise<void> {
    const p = this.procs.get(port);
    if (!p) throw new Error(`no redis-server of this test on ${port}`);
    return killed(p);
  }

  async stop() {
    await Promise.all([...this.procs.values()].map(killed));
    this.procs.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface SentinelGroup {
  name: string;
  master: number;
  replicas: number[];
  sentinels: number[];
}

function killed(p: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill('SIGKILL');
  });
}

/** One command on a connection of its own, named `test-command` (no retry: a node that is down fails at once). */
export async function command(port: number, ...args: string[]): Promise<unknown> {
  const r = probe(port, 'test-command');
  try {
    await r.connect();
    return await r.call(args[0], ...args.slice(1));
  } finally {
    r.disconnect();
  }
}

/**
 * A connection of the test's own to one node, named `name` (it starts with `test-`, so
 * appClients leaves it out), not yet connected: for asking a node many times over one connection,
 * whose address (`addressOf`) can then be told from the app's.
 */
export function probe(port: number, name = 'test-probe'): Redis {
  const r = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
    connectionName: name,
  });
  r.on('error', () => undefined);
  return r;
}

/** The address a node sees a connection of the test's come from (`127.0.0.1:port`, as in CLIENT LIST and MONITOR). */
export function addressOf(r: Redis): string {
  const stream = (r as unknown as { stream?: { localAddress?: string; localPort?: number } }).stream;
  return `${stream?.localAddress}:${stream?.localPort}`;
}

export const ping = (port: number) =>
  command(port, 'PING').then(
    (r) => r === 'PONG',
    () => false,
  );

/** A section of INFO as field → value. */
export async function info(port: number, section: string): Promise<Record<string, string>> {
  const text = String(await command(port, 'INFO', section));
  return Object.fromEntries(
    text
      .split('\r\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
  );
}

/** Keys under `pattern` on one node. */
export async function keysOn(port: number, pattern: string): Promise<string[]> {
  return (await command(port, 'KEYS', pattern)) as string[];
}

export interface ClientInfo {
  id: string;
  addr: string;
  name: string;
  flags: string;
  cmd: string;
}

/** CLIENT LIST of a node (by port, or on a probe's connection), less the connection asking. */
export async function clientList(node: number | Redis): Promise<ClientInfo[]> {
  const text = String(typeof node === 'number' ? await command(node, 'CLIENT', 'LIST') : await node.call('CLIENT', 'LIST'));
  return text
    .trim()
    .split('\n')
    .map((line) => Object.fromEntries(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) as unknown as ClientInfo)
    .filter((c) => c.cmd !== 'client|list');
}

/**
 * The connections of clients on a node: not Sentinels (named `sentinel-…`), not the test's own
 * (`test-…`), not replicas, a master's link or a MONITOR (flags S, M, O), not the one asking.
 */
export async function appClients(node: number | Redis): Promise<ClientInfo[]> {
  return (await clientList(node)).filter((c) => !c.name.startsWith('sentinel-') && !c.name.startsWith('test-') && !/[SMO]/.test(c.flags));
}

/** The connections subscribed to something on a node (on a Sentinel: failover detectors), less the test's own. */
export async function subscribers(port: number): Promise<ClientInfo[]> {
  return (await clientList(port)).filter((c) => !c.name.startsWith('test-') && (c as unknown as { sub: string }).sub !== '0');
}

/** The master a Sentinel names for `name`, as a port. */
export async function sentinelMaster(sentinelPort: number, name: string): Promise<number> {
  const r = (await command(sentinelPort, 'SENTINEL', 'get-master-addr-by-name', name)) as string[];
  return Number(r[1]);
}

export interface ClusterNode {
  id: string;
  port: number;
  role: 'master' | 'slave';
  masterId: string | null;
  /** slot ranges, as given (`0-5460`) */
  slots: string[];
}

/** CLUSTER NODES as one node sees the cluster. */
export async function clusterNodes(port: number): Promise<ClusterNode[]> {
  const text = String(await command(port, 'CLUSTER', 'NODES'));
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, addr, flags, master, , , , , ...slots] = line.split(' ');
      return {
        id,
        port: Number(addr.split('@')[0].split(':')[1]),
        role: flags.includes('master') ? 'master' : 'slave',
        masterId: master === '-' ? null : master,
        slots,
      } satisfies ClusterNode;
    });
}

/** The master node (as a port) that serves `slot`, as `port` sees the cluster. */
export async function clusterMasterOf(port: number, slot: number): Promise<ClusterNode> {
  const nodes = await clusterNodes(port);
  const master = nodes.find(
    (n) =>
      n.role === 'master' &&
      n.slots.some((range) => {
        const [from, to = from] = range.split('-').map(Number);
        return slot >= from && slot <= to;
      }),
  );
  if (!master) throw new Error(`no master serves slot ${slot}`);
  return master;
}

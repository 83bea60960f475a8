import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { campaignWithLetters, expectEachSentExactlyOnce, waitAllSent } from './helpers/bulk.js';
import {
  appClients,
  clusterMasterOf,
  clusterNodes,
  command,
  info,
  keysOn,
  probe,
  RedisProcesses,
  sentinelMaster,
  subscribers,
  type ClientInfo,
  type SentinelGroup,
} from './helpers/redis-topologies.js';
import { startApp, type RunningApp, type Stack } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * Redis failing over in the middle of delivery, for real: a Sentinel-watched master with a
 * replica and three Sentinels (quorum 2), and a Cluster of three masters and three replicas, all
 * redis-server processes of this file's own on spare loopback ports. Letters go out slowly
 * enough (the SMTP sink waits before accepting each) that the failover lands among them; every
 * letter must still arrive exactly once, and the app's connections must follow the new master
 * at once (ioredis's failoverDetector), logging the failover as what it is.
 */

/** letters per run: 3 targets × 120 signatures */
const TARGETS = 3;
const SIGNATURES = 120;
const LETTERS = TARGETS * SIGNATURES;
/** the sink waits this long before accepting each letter, four at a time: ~100 letters a second */
const SMTP_DELAY_MS = 40;
/** the failover is forced once this many letters are sent */
const FAIL_OVER_AT = 80;
/** the app's connections are all on the new master within this long of the Sentinels announcing it */
const FOLLOW_WITHIN_MS = 5000;

const figures: string[] = [];

/**
 * What a node sees besides the app's reads and writes: the Sentinels' (PING, INFO, PUBLISH of
 * their hello messages, the MULTI … EXEC that demotes), a connection starting (HELLO, CLIENT
 * SETNAME, SELECT, the ready check's INFO), this test's questions.
 */
const HANDSHAKE = new Set(['ping', 'info', 'publish', 'hello', 'client', 'select', 'multi', 'exec', 'slaveof', 'replicaof', 'config', 'monitor', 'role']);

/** The letters of one campaign, owed at once; resolves when `FAIL_OVER_AT` are sent. */
async function owe(app: RunningApp, stack: Stack) {
  const c = await campaignWithLetters(app.admin, stack.db, {
    targets: TARGETS,
    signatures: SIGNATURES,
    body: { delivery: { mode: 'individual', maxPerTargetPerHour: 10_000 } },
  });
  await c.go();
  await waitFor(async () => (await sentCount(stack, c.id)) >= FAIL_OVER_AT, `${FAIL_OVER_AT} letters sent`, { timeout: 30_000 });
  return c;
}

async function sentCount(stack: Stack, campaignId: string): Promise<number> {
  const [r] = await stack.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaignId]);
  return r.n;
}

async function everyLetterOnce(stack: Stack, c: { id: string; slug: string }) {
  await waitAllSent(stack.db, c.id, LETTERS, 60_000);
  await expectEachSentExactlyOnce(
    stack.db,
    stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === c.slug),
    c.id,
    LETTERS,
  );
}

/** The `+switch-master` announcements of a Sentinel, with when each arrived. */
async function watchSwitches(sentinelPort: number) {
  const sub = new Redis({ port: sentinelPort, host: '127.0.0.1' });
  const switches: { at: number; message: string }[] = [];
  await sub.subscribe('+switch-master');
  sub.on('message', (_channel: string, message: string) => switches.push({ at: Date.now(), message }));
  return { switches, close: () => sub.disconnect() };
}

/**
 * Waits until none of the app's connections is on `from` and as many as before are on `to`;
 * answers how long that took from `since` (ms).
 */
async function connectionsFollow(from: Redis | null, to: number, count: number, since: number, timeout: number): Promise<number> {
  const last: { from?: ClientInfo[]; to?: ClientInfo[] } = {};
  try {
    await waitFor(
      async () => {
        last.from = from === null ? [] : await appClients(from).catch(() => []);
        last.to = await appClients(to).catch(() => []);
        return last.from.length === 0 && last.to.length >= count;
      },
      `the app's ${count} connections to move to ${to}`,
      { timeout, interval: 25 },
    );
  } catch (e) {
    const names = (l: ClientInfo[] | undefined) => l?.map((c) => c.name || c.addr).join(', ');
    throw new Error(`${(e as Error).message}; on the old master: ${names(last.from)}; on the new: ${names(last.to)}`, { cause: e });
  }
  return Date.now() - since;
}

describe('Redis failing over in the middle of delivery', () => {
  let redis: RedisProcesses;
  const { stack } = useStack({
    app: false,
    faults: { delayMs: SMTP_DELAY_MS },
    beforeApps: () => {
      redis = new RedisProcesses();
    },
    afterApps: () => redis?.stop(),
  });
  afterAll(() => {
    // the measured figures, for docs/scale-out.md
    process.stdout.write(`\n${figures.join('\n')}\n`);
  });

  /** what the app warned, from now on */
  function warnings() {
    const spy = jest.spyOn(Logger.prototype, 'warn');
    return {
      lines: () => spy.mock.calls.map((args) => String(args[0])),
      restore: () => spy.mockRestore(),
    };
  }

  function appOnSentinels(group: SentinelGroup, env: Record<string, string> = {}) {
    return startApp(stack, {
      ROLE: 'all',
      // REDIS_URL's host and port are not used: the Sentinels name the master
      REDIS_URL: 'redis://192.0.2.1:6399',
      REDIS_SENTINELS: group.sentinels.map((p) => `127.0.0.1:${p}`).join(','),
      REDIS_SENTINEL_NAME: group.name,
      WORKER_CONCURRENCY: '4',
      ...env,
    });
  }

  /** Stops the app (once, however often called). */
  function stopper(app: RunningApp) {
    let stopping: Promise<void> | null = null;
    return () => (stopping ??= app.stop());
  }

  /** Stops the app: no connection of it is left on the Sentinels (its failover detectors' subscriptions close too). */
  async function stopAndExpectNothingLeft(stop: () => Promise<void>, group: SentinelGroup) {
    await stop();
    const left = (await Promise.all(group.sentinels.map((p) => subscribers(p)))).flat();
    expect(left.map((c) => `${c.addr} ${c.name} ${c.cmd}`)).toEqual([]);
  }

  /** the one warning that names the failover, and none of ioredis's "All sentinels are unreachable" */
  function expectFailoverLoggedOnce(lines: string[], group: SentinelGroup, newMaster: number) {
    expect(lines.filter((w) => /sentinels are unreachable/i.test(w))).toEqual([]);
    expect(lines.filter((w) => w.includes('failover'))).toEqual([
      `Redis Sentinel failover of "${group.name}": master 127.0.0.1:${group.master} → 127.0.0.1:${newMaster}; this process's Redis connections follow the new master`,
    ]);
  }

  it('SENTINEL FAILOVER: every letter once; the app on the new master at once, logging it once; no command of the app on the old master until it is demoted', async () => {
    const group = await redis.sentinelGroup(`failover-${randomBytes(3).toString('hex')}`);
    const warned = warnings();
    const app = await appOnSentinels(group);
    const stop = stopper(app);
    const old = probe(group.master);
    try {
      const c = await owe(app, stack);
      await old.connect();
      const before = (await appClients(old)).length;
      expect(before).toBeGreaterThan(0);
      const watch = await watchSwitches(group.sentinels[0]);
      // every command the old master runs from now on, and the connection it came from
      // (no reconnection: the demotion drops this connection, and the commands after it are not looked at; a MONITOR
      // that reconnects could be handed a command line before its own OK, which ioredis reports as an error)
      const monitoring = new Redis({ port: group.master, host: '127.0.0.1', connectionName: 'test-monitor', retryStrategy: () => null });
      const monitor = await monitoring.monitor();
      monitoring.disconnect();
      // the connection dropped at the demotion ends the watch; its error is not the test's
      monitor.on('error', () => undefined);
      const seen: { at: number; source: string; command: string }[] = [];
      monitor.on('monitor', (time: string, args: string[], source: string) => seen.push({ at: Number(time) * 1000, source, command: String(args[0]) }));

      const asked = Date.now();
      expect(await command(group.sentinels[1], 'SENTINEL', 'FAILOVER', group.name)).toBe('OK');
      await waitFor(() => watch.switches.length > 0, 'the Sentinels to announce the new master', { timeout: 15_000 });
      const switched = watch.switches[0].at;
      const newMaster = await sentinelMaster(group.sentinels[0], group.name);
      expect(newMaster).toBe(group.replicas[0]);
      const followMs = await connectionsFollow(old, newMaster, before, switched, 15_000);
      // the Sentinels demote the old master some seconds later (and drop its clients): until then it takes writes
      await waitFor(async () => (await info(group.master, 'replication')).role === 'slave', 'the old master to be demoted', { timeout: 20_000 });
      const demoted = Date.now();
      monitor.disconnect();
      watch.close();
      // the app's reads and writes (what the Sentinels and this test send is all in HANDSHAKE), less the new master replicating to the demoted one
      const appCommands = seen.filter((s) => !HANDSHAKE.has(s.command.toLowerCase()) && s.source !== `127.0.0.1:${newMaster}`);
      // a command already on its way when the announcement came may still land: none a second after it
      const late = appCommands.filter((s) => s.at > switched + 1000);
      figures.push(
        `Sentinel FAILOVER with ${LETTERS} letters owed: the new master announced ${switched - asked} ms after the request; the app's ${before} connections ` +
          `all on it ${followMs} ms after the announcement; the old master demoted ${demoted - switched} ms after it, receiving ` +
          `${appCommands.filter((s) => s.at > asked && s.at <= switched).length} commands of the app between the request and the announcement, ` +
          `${appCommands.filter((s) => s.at > switched && s.at <= switched + 1000).length} in the second after it and ${late.length} later`,
      );
      expect(followMs).toBeLessThan(FOLLOW_WITHIN_MS);
      expect(late.map((s) => `${s.source} ${s.command}`)).toEqual([]);

      await everyLetterOnce(stack, c);
      figures.push(`  ${LETTERS} letters each sent once; the app warned: ${JSON.stringify(warned.lines())}`);
      expectFailoverLoggedOnce(warned.lines(), group, newMaster);
      await stopAndExpectNothingLeft(stop, group);
    } finally {
      old.disconnect();
      warned.restore();
      await stop();
    }
  }, 90_000);

  it('the master killed (SIGKILL): every letter once; the app on the master the Sentinels elect as soon as they announce it', async () => {
    const group = await redis.sentinelGroup(`killed-${randomBytes(3).toString('hex')}`);
    const warned = warnings();
    // a letter whose claim was made just before the kill and whose Redis step failed waits for the lease: a short one here
    const app = await appOnSentinels(group, { SENDING_LEASE_SECONDS: '5' });
    const stop = stopper(app);
    try {
      const c = await owe(app, stack);
      const before = (await appClients(group.master)).length;
      const watch = await watchSwitches(group.sentinels[0]);
      const killed = Date.now();
      await redis.kill(group.master);
      await waitFor(() => watch.switches.length > 0, 'the Sentinels to elect a new master', { timeout: 20_000 });
      const switched = watch.switches[0].at;
      watch.close();
      const newMaster = await sentinelMaster(group.sentinels[0], group.name);
      expect(newMaster).toBe(group.replicas[0]);
      const followMs = await connectionsFollow(null, newMaster, before, switched, 15_000);
      await everyLetterOnce(stack, c);
      const [again] = await stack.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND attempts > 1`, [c.id]);
      figures.push(
        `Sentinel, master killed with ${LETTERS} letters owed: the new master announced ${switched - killed} ms after the kill (down-after-milliseconds 1000); ` +
          `the app's ${before} connections all on it ${followMs} ms after the announcement; ${LETTERS} letters each sent once, ${again.n} of them on a second attempt`,
      );
      figures.push(`  the app warned: ${JSON.stringify([...new Set(warned.lines())])}`);
      expect(followMs).toBeLessThan(FOLLOW_WITHIN_MS);
      expectFailoverLoggedOnce(warned.lines(), group, newMaster);
      await stopAndExpectNothingLeft(stop, group);
    } finally {
      warned.restore();
      await stop();
    }
  }, 90_000);

  it('CLUSTER FAILOVER on the replica of the slot the app lives in (3 masters, 3 replicas): every letter once', async () => {
    const nodes = await redis.cluster(3, 1);
    const prefix = `{f${randomBytes(4).toString('hex')}}`;
    const slot = Number(await command(nodes[0], 'CLUSTER', 'KEYSLOT', `${prefix}:appeals`));
    const master = await clusterMasterOf(nodes[0], slot);
    const replica = (await clusterNodes(nodes[0])).find((n) => n.masterId === master.id);
    if (!replica) throw new Error(`no replica of ${master.port}`);
    const warned = warnings();
    const app = await startApp(stack, {
      ROLE: 'all',
      REDIS_URL: `redis://127.0.0.1:${nodes[0]}`,
      REDIS_CLUSTER_NODES: nodes.map((p) => `127.0.0.1:${p}`).join(','),
      QUEUE_PREFIX: prefix,
      WORKER_CONCURRENCY: '4',
    });
    try {
      const c = await owe(app, stack);
      const asked = Date.now();
      expect(await command(replica.port, 'CLUSTER', 'FAILOVER')).toBe('OK');
      await waitFor(async () => (await clusterMasterOf(replica.port, slot)).port === replica.port, 'the replica to serve the slot', { timeout: 15_000 });
      const promoted = Date.now();
      const sentAtPromotion = await sentCount(stack, c.id);
      await everyLetterOnce(stack, c);
      // the install's keys are on the promoted node now
      expect((await keysOn(replica.port, `${prefix}:appeals:*`)).length).toBeGreaterThan(0);
      figures.push(
        `Cluster (3 masters + 3 replicas), CLUSTER FAILOVER with ${LETTERS} letters owed: the replica served the slot ${promoted - asked} ms after the request, ` +
          `${sentAtPromotion} letters sent by then; ${LETTERS} letters each sent once; the app warned: ${JSON.stringify([...new Set(warned.lines())])}`,
      );
    } finally {
      warned.restore();
      await app.stop();
    }
  }, 90_000);
});

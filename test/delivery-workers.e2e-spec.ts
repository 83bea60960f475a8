import { campaignWithLetters, countByDelivery, expectEachSentExactlyOnce, waitAllSent } from './helpers/bulk.js';
import { spawnServer, type ServerProcess } from './helpers/processes.js';
import { useStack } from './helpers/use-stack.js';

/** Several worker processes on one queue: each letter is claimed, and sent, by one of them. */
describe('competing and crashing worker processes', () => {
  const workers: ServerProcess[] = [];
  const { stack, app: api } = useStack({ app: { ROLE: 'api' }, stopFirst: () => Promise.all(workers.map((w) => w.stop('SIGKILL'))) });
  const spawnWorker = async (env: Record<string, string> = {}) => {
    const w = await spawnServer({ ...stack.env, ...env }, 'worker');
    workers.push(w);
    return w;
  };
  const lettersOf = (slug: string) => stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === slug);

  it('three worker processes share 3,000 letters: every one sent exactly once', async () => {
    const c = await campaignWithLetters(api.admin, stack.db, { targets: 3, signatures: 1000 });
    await Promise.all([spawnWorker(), spawnWorker(), spawnWorker()]);
    await c.go();
    await waitAllSent(stack.db, c.id, 3000, 120_000);
    await expectEachSentExactlyOnce(stack.db, lettersOf(c.slug), c.id, 3000);
    // all three took part
    const logsWithWork = await stack.db.query(
      `SELECT count(DISTINCT a.delivery_id)::int AS n FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.campaign_id = $1`,
      [c.id],
    );
    expect(logsWithWork[0].n).toBe(3000);
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGTERM')));
    // above its waits (the workers starting, up to 30 s, then 120 s): a slow run fails with the wait's own message
  }, 240_000);

  it('a worker killed with SIGKILL mid-batch loses nothing: another takes over its letters', async () => {
    stack.smtp.faults = { delayMs: 20 };
    const c = await campaignWithLetters(api.admin, stack.db, { targets: 2, signatures: 300 });
    // a short lease and job lock, so the test need not wait minutes for the dead worker's letters
    const env = { SENDING_LEASE_SECONDS: '2', WORKER_LOCK_SECONDS: '3', WORKER_CONCURRENCY: '8' };
    const doomed = await spawnWorker(env);
    await c.go();
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === c.slug, 100, 60_000);
    await doomed.stop('SIGKILL');
    const inFlight = await stack.db.query(`SELECT id FROM deliveries WHERE campaign_id = $1 AND status = 'sending'`, [c.id]);

    await spawnWorker(env);
    await waitAllSent(stack.db, c.id, 600, 90_000);
    const rows = await stack.db.query(`SELECT id, status FROM deliveries WHERE campaign_id = $1`, [c.id]);
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    // at-least-once to the SMTP server: only a letter caught between the server's "250" and the row's
    // update can arrive twice, and it carries the same Message-ID both times
    const counts = countByDelivery(lettersOf(c.slug));
    expect(new Set(counts.keys())).toEqual(new Set(rows.map((r) => r.id)));
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    expect(twice.every((id) => inFlight.some((r) => r.id === id))).toBe(true);
    expect(twice.length).toBeLessThanOrEqual(inFlight.length);
    for (const id of twice) {
      const ids = new Set(
        lettersOf(c.slug)
          .filter((m) => m.headers['x-appeal-delivery'] === id)
          .map((m) => m.headers['message-id']),
      );
      expect(ids).toEqual(new Set([`<${id}@campaigns.example>`]));
    }
    stack.smtp.faults = {};
    // above its waits (two worker starts of up to 30 s, 60 s, then 90 s)
  }, 240_000);
});

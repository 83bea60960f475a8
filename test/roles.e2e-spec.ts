import { ApiClient, expectStatus } from './helpers/api-client.js';
import { campaignWithLetters, expectEachSentExactlyOnce, waitAllSent } from './helpers/bulk.js';
import { createLiveCampaign, createTargets, supporter } from './helpers/fixtures.js';
import { spawnServer, type ServerProcess } from './helpers/processes.js';
import { confirmTokenIn } from './helpers/smtp-server.js';
import { ADMIN } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';

/**
 * One build, roles by configuration: the built server (`node dist/main.js`) as an API process
 * and as a worker process, apart, as production runs them.
 */
describe('API and workers as separate processes (ROLE)', () => {
  const processes: ServerProcess[] = [];
  const { stack } = useStack({ app: false, stopFirst: () => Promise.all(processes.map((p) => p.stop('SIGKILL'))) });
  const spawn = async (role: 'api' | 'worker', env: Record<string, string> = {}) => {
    const p = await spawnServer({ ...stack.env, ...env }, role);
    processes.push(p);
    return p;
  };

  it('the API process only takes work in; the worker process sends it', async () => {
    const apiProcess = await spawn('api');
    const api = new ApiClient(apiProcess.url!);
    const admin = await api.login(ADMIN.email, ADMIN.password);
    const targets = await createTargets(admin, 2);
    const campaign = await createLiveCampaign(admin, { targets });
    const s = supporter(1);
    expectStatus(await api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s), 202);

    // the confirmation email is owed in PostgreSQL; the API process neither hands it to the queue
    // (a worker's relay does) nor sends it
    const [note] = await stack.db.query(
      `SELECT n.status, n.dispatched_at FROM notifications n JOIN signatures g ON g.id = n.signature_id WHERE g.campaign_id = $1`,
      [campaign.id],
    );
    expect(note).toEqual({ status: 'queued', dispatched_at: null });
    const stats = expectStatus(await admin.get('/api/admin/stats'), 200);
    expect(stats.queues.notifications).toMatchObject({ waiting: 0, active: 0 });
    expect(stack.smtp.received).toHaveLength(0);

    const worker = await spawn('worker');
    expect(worker.url).toBeNull();
    const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email));
    expectStatus(await api.post('/api/public/signatures/confirm', { token: confirmTokenIn(mail) }), 200);
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug, 2);
    await waitAllSent(stack.db, campaign.id, 2);
    await worker.stop();
    // above its waits (two process starts of up to 30 s, 20 s for each email, 60 s for the letters)
  }, 180_000);

  it('a worker stopped with SIGTERM finishes the letters in hand, leaves the rest owed, and exits cleanly', async () => {
    const apiProcess = processes[0];
    const admin = await new ApiClient(apiProcess.url!).login(ADMIN.email, ADMIN.password);
    stack.smtp.faults = { delayMs: 150 };
    const c = await campaignWithLetters(admin, stack.db, { targets: 2, signatures: 40 });
    const worker = await spawn('worker', { WORKER_CONCURRENCY: '4' });
    await c.go();
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === c.slug, 8);
    expect(await worker.stop('SIGTERM')).toBe(0);

    // nothing was left half-done: no letter in `sending`, and what was not sent is still owed
    const rows = await stack.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY 1`, [
      c.id,
    ]);
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(by.sending).toBeUndefined();
    expect((by.sent ?? 0) + (by.queued ?? 0)).toBe(80);
    expect(by.queued).toBeGreaterThan(0);
    expect(stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === c.slug)).toHaveLength(by.sent);

    stack.smtp.faults = {};
    await spawn('worker');
    await waitAllSent(stack.db, c.id, 80);
    await expectEachSentExactlyOnce(
      stack.db,
      stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === c.slug),
      c.id,
      80,
    );
    // above its waits (two worker starts of up to 30 s, 20 s for the first letters, 60 s for the rest)
  }, 180_000);
});

import { ApiClient, expectStatus } from './helpers/api-client.js';
import { expectEachSentExactlyOnce, insertConfirmedSignatures, waitAllSent } from './helpers/bulk.js';
import { createTargets, LETTER, supporter, uniq } from './helpers/fixtures.js';
import { spawnServer, type ServerProcess } from './helpers/processes.js';
import { confirmTokenIn } from './helpers/smtp-server.js';
import { ADMIN } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';

const TARGETS = 5;
const BULK_SIGNATURES = 998;
const SIGNING = 2;
const LETTERS = TARGETS * (BULK_SIGNATURES + SIGNING);

/** A worker's own /metrics (worker-only processes serve it on METRICS_PORT): its letters sent. */
async function lettersSentBy(worker: ServerProcess): Promise<number> {
  const port = /metrics\s+http:\/\/[^:\s]+:(\d+)\/metrics/.exec(worker.log)?.[1];
  if (!port) throw new Error(`no metrics address in the worker's output:\n${worker.log.slice(-2000)}`);
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('appeals_letter_attempts_total{outcome="sent"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * Scale-out as production runs it: two API processes and three worker processes (the built
 * server, `node dist/main.js`) on one PostgreSQL and one Redis. Work comes in through both APIs;
 * 5,000 letters go out, each exactly once, shared by the three workers.
 */
describe('scale-out: two API and three worker processes on one database and one Redis', () => {
  const processes: ServerProcess[] = [];
  const { stack } = useStack({ app: false, stopFirst: () => Promise.all(processes.map((p) => p.stop('SIGKILL'))) });

  it('delivers 5,000 letters exactly once', async () => {
    const [api1, api2, ...workers] = await Promise.all([
      spawnServer(stack.env, 'api'),
      spawnServer(stack.env, 'api'),
      spawnServer(stack.env, 'worker'),
      spawnServer(stack.env, 'worker'),
      spawnServer(stack.env, 'worker'),
    ]);
    processes.push(api1, api2, ...workers);
    const anonymous = [new ApiClient(api1.url!), new ApiClient(api2.url!)];
    const staff = [await anonymous[0].login(ADMIN.email, ADMIN.password), await anonymous[1].login(ADMIN.email, ADMIN.password)];
    // one JWT secret for the whole deployment: a token from one API process works on the other
    expectStatus(await new ApiClient(api2.url!, staff[0].token).get('/api/users'), 200);

    // the staff's work alternates between the two API processes
    const targets = await createTargets(staff[0], TARGETS);
    const slug = `scale-${uniq()}`;
    const campaign = expectStatus(await staff[1].post('/api/campaigns', { slug, title: 'Stop the assault on Homs', appeal: LETTER }), 201);
    for (const [i, t] of targets.entries()) expectStatus(await staff[i % 2].post(`/api/campaigns/${campaign.id}/targets`, { targetId: t.id }), 201);
    await insertConfirmedSignatures(stack.db, campaign.id, BULK_SIGNATURES);
    // launch backfills: jobs that the workers run, 998 letters per target
    for (const [i, t] of targets.entries()) expectStatus(await staff[(i + 1) % 2].post(`/api/campaigns/${campaign.id}/targets/${t.id}/launch`), 202);
    expectStatus(await staff[0].post(`/api/campaigns/${campaign.id}/launch`), 200);

    // supporters sign through one API process and confirm through the other
    for (let i = 0; i < SIGNING; i++) {
      const s = supporter(i);
      expectStatus(await anonymous[i % 2].post(`/api/public/campaigns/${slug}/signatures`, s), 202);
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email) && !!m.headers['x-appeal-notification']);
      expectStatus(await anonymous[(i + 1) % 2].post('/api/public/signatures/confirm', { token: confirmTokenIn(mail) }), 200);
    }

    await waitAllSent(stack.db, campaign.id, LETTERS, 240_000);
    const letters = stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === slug);
    await expectEachSentExactlyOnce(stack.db, letters, campaign.id, LETTERS);
    expect(letters).toHaveLength(LETTERS);

    // the three workers shared the work, and their counts add up to exactly the letters
    const perWorker = await Promise.all(workers.map(lettersSentBy));
    expect(perWorker.every((n) => n > 0)).toBe(true);
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(LETTERS);
    // both API processes see the same figures
    for (const s of staff) {
      const stats = expectStatus(await s.get('/api/admin/stats'), 200).campaigns.find((c: { id: string }) => c.id === campaign.id);
      expect(stats.deliveries.sent).toBe(LETTERS);
    }

    // a graceful stop of every process
    expect(await Promise.all(processes.map((p) => p.stop('SIGTERM')))).toEqual(processes.map(() => 0));
  }, 300_000);
});

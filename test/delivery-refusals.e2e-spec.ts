import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QUEUES } from '../src/queue/queues.js';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, newCampaigner, supporter, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const escape = (s: string) => s.replace(/[.+]/g, '\\$&');

/**
 * An official's mail server refusing a letter during the SMTP conversation (5xx at RCPT): a
 * refusal of the address itself ("550 5.1.1 user unknown") counts toward BOUNCE_HARD_LIMIT like a
 * bounce report, so the address becomes failing and its letters are held instead of each new
 * signature adding a failed letter; a refusal of the message ("554 5.7.1 … Access denied", a
 * policy) fails that letter, says so, and leaves the address alone.
 */
describe('refusals at RCPT: a refused address counts as a hard bounce, a refused message does not', () => {
  const { stack, app } = useStack({ app: { BOUNCE_HARD_LIMIT: '3' } });
  let staff: ApiClient;
  let campaign: { id: string; slug: string };
  let unknown: { id: string; email: string };
  let strict: { id: string; email: string };
  let signed = 0;
  const tag = uniq();

  const target = async (id: string) => expectStatus(await staff.get(`/api/targets/${id}`), 200);
  const lettersTo = (targetId: string) =>
    stack.db.query<{ id: string; status: string; attempts: number; last_error: string | null }>(
      `SELECT id, status, attempts, last_error FROM deliveries WHERE campaign_id = $1 AND target_id = $2 ORDER BY created_at, id`,
      [campaign.id, targetId],
    );
  /** the letters' jobs are over: a worker refused by the server finished with the letter (its refusal counted, or not) */
  const jobsDone = (ids: string[]) => {
    const queue = app.app.get<Queue>(getQueueToken(QUEUES.letters));
    return waitFor(async () => (await Promise.all(ids.map((id) => queue.getJobState(id)))).every((s) => s === 'failed'), "the refused letters' jobs to end");
  };
  /** a supporter signs (no confirmation step: their letters are owed at once) */
  const sign = async () => expectStatus(await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, supporter(signed++, tag)), 202);

  beforeAll(async () => {
    ({ staff } = await newCampaigner(app));
    unknown = expectStatus(
      await staff.post('/api/targets', {
        name: 'Walid Muallem',
        title: 'Minister of Foreign Affairs',
        organization: 'Syrian Arab Republic',
        email: `muallem.${tag}@mofa-sy.example`,
      }),
      201,
    );
    strict = expectStatus(
      await staff.post('/api/targets', {
        name: 'Nabil Elaraby',
        title: 'Secretary-General',
        organization: 'League of Arab States',
        email: `elaraby.${tag}@arab-league.example`,
      }),
      201,
    );
    // one server knows no such user; the other refuses our mail by policy
    stack.smtp.faults = { permfailRcpt: new RegExp(`^${escape(unknown.email)}$`), policyfailRcpt: new RegExp(`^${escape(strict.email)}$`) };
    campaign = await createLiveCampaign(staff, { targets: [unknown, strict], body: { requireConfirmation: false } });
    for (let i = 0; i < 3; i++) await sign();
    await waitFor(async () => {
      const letters = [...(await lettersTo(unknown.id)), ...(await lettersTo(strict.id))];
      return letters.length === 6 && letters.every((d) => d.status === 'failed');
    }, 'the six letters refused');
    await jobsDone([...(await lettersTo(unknown.id)), ...(await lettersTo(strict.id))].map((d) => d.id));
  });

  it('three "550 5.1.1 user unknown" refusals mark the address failing, audited as the system', async () => {
    const letters = await lettersTo(unknown.id);
    // each letter failed at once, with the server's own answer
    expect(letters.map((d) => [d.status, d.attempts, d.last_error])).toEqual(Array(3).fill(['failed', 1, '550 5.1.1 no such user here']));
    expect(await target(unknown.id)).toMatchObject({ hardBounces: 3, failingSince: expect.any(String), lastBounceReason: '550 5.1.1 no such user here' });
    const audit = expectStatus(await app.admin.get(`/api/admin/audit?action=target.failing&subjectId=${unknown.id}`), 200).items;
    expect(audit).toEqual([
      expect.objectContaining({ actorEmail: null, details: expect.objectContaining({ hardBounces: 3, limit: 3, reason: '550 5.1.1 no such user here' }) }),
    ]);
    expect(expectStatus(await staff.get('/api/targets/failing'), 200).items.map((t: { id: string }) => t.id)).toEqual([unknown.id]);
  });

  it('three 5.7.1 policy refusals do not: the address is not failing, and each letter says it was refused for policy, not for the address', async () => {
    expect(await target(strict.id)).toMatchObject({ hardBounces: 0, failingSince: null, lastBounceReason: null });
    const said = `refused for policy, not the address: 554 5.7.1 <${strict.email}>: Recipient address rejected: Access denied`;
    const letters = await lettersTo(strict.id);
    expect(letters.map((d) => [d.status, d.last_error])).toEqual(Array(3).fill(['failed', said]));
    const shown = expectStatus(await app.admin.get(`/api/admin/deliveries/${letters[0].id}`), 200);
    expect(shown.lastError).toBe(said);
    expect(shown.history).toEqual([expect.objectContaining({ outcome: 'permanent_failure', response: said })]);
  });

  it('the next signature: the letter to the failing address is held (no attempt, nothing sent); the one refused by policy is tried, and fails', async () => {
    const before = stack.smtp.received.length;
    await sign();
    const letters = app.app.get<Queue>(getQueueToken(QUEUES.letters));
    const [held] = (await lettersTo(unknown.id)).slice(3);
    await waitFor(async () => (await letters.getJob(held.id))?.returnvalue === 'held', 'a worker to hold the letter to the failing address');
    expect((await lettersTo(unknown.id))[3]).toMatchObject({ status: 'queued', attempts: 0 });
    await waitFor(async () => (await lettersTo(strict.id)).filter((d) => d.status === 'failed').length === 4, 'the fourth policy refusal');
    await jobsDone((await lettersTo(strict.id)).map((d) => d.id));
    expect(await target(strict.id)).toMatchObject({ hardBounces: 0, failingSince: null });
    expect(await target(unknown.id)).toMatchObject({ hardBounces: 3 });
    expect(stack.smtp.received.length).toBe(before);
    expect(expectStatus(await staff.get('/api/targets/failing'), 200).items).toEqual([expect.objectContaining({ id: unknown.id, heldLetters: 1 })]);
  });
});

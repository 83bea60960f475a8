import { jest } from '@jest/globals';
import { LetterSender, type LetterOutcome } from '../src/deliveries/letter-sender.js';
import { DeliveryDispatcher } from '../src/deliveries/delivery-dispatcher.js';
import { TargetPacer } from '../src/deliveries/target-pacer.js';
import { expectStatus } from './helpers/api-client.js';
import { countByDelivery } from './helpers/bulk.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import { confirmTokenIn, withdrawTokenIn } from './helpers/smtp-server.js';
import { clearRedisPrefix, type Stack } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * The claim (`queued`/`retrying` → `sending`, one conditional UPDATE, src/deliveries/letter-sender.ts)
 * is what stops a letter from being sent twice when it reaches a worker twice, or two workers at
 * once, and what keeps a letter of a paused campaign, or owed to an unconfirmed signature, from
 * going out. Each case is driven by hand, so none depends on timing luck: two worker applications
 * (each its own LetterSender, connection pool and SMTP pool, against the same PostgreSQL) are
 * handed the same letters, and the test's SMTP server counts what arrives.
 *
 * The workers consume a queue prefix of their own, where nobody enqueues: the letters owed by the
 * API stay in its queue, unconsumed, and reach a worker only when the test hands them over.
 */
describe('the claim: one letter, one worker, one send', () => {
  const workerPrefix = (s: Stack) => `${s.prefix}w`;
  // a reconcile interval of an hour: the workers' reconciler finds nothing old enough to enqueue
  const worker = (s: Stack) => ({ ROLE: 'worker', QUEUE_PREFIX: workerPrefix(s), RECONCILE_INTERVAL_SECONDS: '3600' });
  const {
    stack,
    apps: { api, a, b },
  } = useStack({ apps: { api: { ROLE: 'api' }, a: worker, b: worker }, afterApps: (s) => clearRedisPrefix(s.redis, workerPrefix(s)) });
  let workerA: LetterSender;
  let workerB: LetterSender;

  beforeAll(() => {
    workerA = a.app.get(LetterSender);
    workerB = b.app.get(LetterSender);
  });

  /** A live campaign with one target (signing needs no confirmation unless `body` says so), signed `n` times: the letters it owes. */
  async function owedLetters(n: number, body: Record<string, unknown> = { requireConfirmation: false }) {
    const [target] = await createTargets(api.admin, 1);
    const campaign = await createLiveCampaign(api.admin, { targets: [target], body });
    const tag = uniq();
    for (let i = 0; i < n; i++) expectStatus(await api.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, supporter(i, tag)), 202);
    const rows = await stack.db.query<{ id: string }>(`SELECT id FROM deliveries WHERE campaign_id = $1 ORDER BY id`, [campaign.id]);
    return { target, campaign, ids: rows.map((r) => r.id) };
  }

  const lettersFor = (id: string) => stack.smtp.received.filter((m) => m.headers['x-appeal-delivery'] === id);
  const row = async (id: string) =>
    (
      await stack.db.query<{ status: string; attempts: number; last_error: string | null }>(
        `SELECT status, attempts, last_error FROM deliveries WHERE id = $1`,
        [id],
      )
    )[0];

  it('a letter handed to a worker again after it was sent is not sent again (one worker, then the other)', async () => {
    const { ids } = await owedLetters(1);
    expect(ids).toHaveLength(1);
    const [id] = ids;
    expect(await workerA.deliver(id)).toBe('sent');
    expect(await workerA.deliver(id)).toBe('skipped');
    expect(await workerB.deliver(id)).toBe('skipped');
    expect(lettersFor(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await stack.db.query(`SELECT outcome FROM delivery_attempts WHERE delivery_id = $1`, [id])).toEqual([{ outcome: 'sent' }]);
  });

  it('a letter handed to one worker twice at the same moment is sent once', async () => {
    const { ids } = await owedLetters(1);
    const [id] = ids;
    const outcomes = await Promise.all([workerA.deliver(id), workerA.deliver(id)]);
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(lettersFor(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a letter in the middle of its SMTP conversation at one worker is not taken by a second worker', async () => {
    const { ids } = await owedLetters(1);
    const [id] = ids;
    let release!: () => void;
    stack.smtp.faults = { hold: new Promise<void>((r) => (release = r)) };
    try {
      const first = workerA.deliver(id);
      // worker A holds the letter: claimed, and handed to the SMTP server, which has not answered yet
      await waitFor(() => stack.smtp.holding === 1, 'worker A to be in the SMTP conversation');
      expect(await row(id)).toMatchObject({ status: 'sending', attempts: 1 });

      let secondDone = false;
      const second = workerB.deliver(id).finally(() => (secondDone = true));
      // worker B either gives the letter up, or (were the claim broken) reaches the server with it too
      await waitFor(() => secondDone || stack.smtp.holding > 1, 'worker B to give the letter up or to send it as well');
      release();
      const outcomes = await Promise.all([first, second]);
      expect(outcomes).toEqual(['sent', 'skipped']);
    } finally {
      release();
      stack.smtp.faults = {};
    }
    expect(lettersFor(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('two workers handed the same 20 letters at the same moment send each exactly once', async () => {
    const { ids, target } = await owedLetters(20);
    expect(ids).toHaveLength(20);
    const outcomes = await Promise.all(ids.map((id) => Promise.all([workerA.deliver(id), workerB.deliver(id)])));
    // for every letter one worker sent it and the other let it be
    expect(outcomes.map((pair) => [...pair].sort())).toEqual(ids.map(() => ['sent', 'skipped']));
    const counts = countByDelivery(stack.smtp.to(target.email));
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(new Set(counts.keys())).toEqual(new Set(ids));
    const rows = await stack.db.query(`SELECT status, attempts FROM deliveries WHERE id = ANY($1::uuid[])`, [ids]);
    expect(rows.filter((r) => r.status !== 'sent' || r.attempts !== 1)).toEqual([]);
  });

  it('a letter of a paused campaign handed to a worker is held, unsent and owed, and goes once the campaign resumes', async () => {
    const { ids, campaign } = await owedLetters(1);
    const [id] = ids;
    expectStatus(await api.admin.post(`/api/campaigns/${campaign.id}/pause`), 200);
    expect(await workerA.deliver(id)).toBe('held');
    expect(lettersFor(id)).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 0 });

    expectStatus(await api.admin.post(`/api/campaigns/${campaign.id}/launch`), 200);
    expect(await workerA.deliver(id)).toBe('sent');
    expect(lettersFor(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a letter whose pacing check fails after its claim (Redis gone) is owed again at once, no attempt spent, and goes once later', async () => {
    const { ids } = await owedLetters(1, { requireConfirmation: false, delivery: { mode: 'individual', maxPerTargetPerHour: 100 } });
    const [id] = ids;
    const pacer = a.app.get(TargetPacer);
    const take = jest.spyOn(pacer, 'take').mockRejectedValueOnce(new Error('Connection is closed.'));
    await expect(workerA.deliver(id)).rejects.toThrow('Connection is closed.');
    // not left in `sending` until the lease: queued, its attempt given back, the reason kept
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 0, last_error: 'not tried: Connection is closed.' });
    expect(lettersFor(id)).toEqual([]);
    take.mockRestore();
    expect(await workerA.deliver(id)).toBe('sent');
    expect(lettersFor(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a supporter withdrawing cancels their unsent letter at once, and a worker handed it sends nothing', async () => {
    // with confirmation: the workers' relay sends the confirmation email, whose links are the supporter's
    const { campaign, target } = await owedLetters(0, { requireConfirmation: true });
    const s = supporter(1);
    expectStatus(await api.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s), 202);
    const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email) && m.text.includes('/withdraw/'));
    expectStatus(await api.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(mail) }), 200);
    const [owed] = await stack.db.query<{ id: string; status: string }>(`SELECT id, status FROM deliveries WHERE campaign_id = $1`, [campaign.id]);
    expect(owed.status).toBe('queued');

    expectStatus(await api.api.post('/api/public/signatures/withdraw', { token: withdrawTokenIn(mail) }), 200);
    expect(await row(owed.id)).toMatchObject({ status: 'cancelled', attempts: 0, last_error: 'signature withdrawn' });
    expect(await workerA.deliver(owed.id)).toBe('skipped');
    expect(stack.smtp.to(target.email)).toEqual([]);
  });

  it.each(['pending', 'withdrawn'] as const)(
    'a letter owed to a %s signature, handed to a worker through its queue, is cancelled and never sent',
    async (status) => {
      // a pending signature owes nothing, and withdrawing cancels what it owed: this row is what a bug
      // elsewhere (a confirmation rolled back, a withdrawal that missed a row) would leave behind
      const { ids, campaign, target } = await owedLetters(1, { requireConfirmation: status === 'pending' });
      if (status === 'pending') {
        expect(ids).toEqual([]);
        const [sig] = await stack.db.query(`SELECT id, status FROM signatures WHERE campaign_id = $1`, [campaign.id]);
        expect(sig.status).toBe('pending');
        const [made] = await stack.db.query(`INSERT INTO deliveries (campaign_id, target_id, signature_id) VALUES ($1, $2, $3) RETURNING id`, [
          campaign.id,
          target.id,
          sig.id,
        ]);
        ids.push(made.id);
      } else {
        expect(ids).toHaveLength(1);
        await stack.db.query(`UPDATE signatures SET status = 'withdrawn', withdrawn_at = now() WHERE campaign_id = $1`, [campaign.id]);
      }
      const [id] = ids;
      expect(await a.app.get(DeliveryDispatcher).enqueue([id])).toBe(1);
      const settled = await waitFor(async () => {
        const r = await row(id);
        return ['queued', 'sending', 'retrying'].includes(r.status) ? null : r;
      }, 'the worker to settle the letter');
      expect(settled).toMatchObject({ status: 'cancelled', attempts: 0, last_error: 'signature withdrawn' });
      expect(lettersFor(id)).toEqual([]);
      expect(stack.smtp.to(target.email)).toEqual([]);
      // and handed over by hand, once more: still nothing
      expect(await workerB.deliver(id)).toBe<LetterOutcome>('skipped');
      expect(stack.smtp.to(target.email)).toEqual([]);
    },
  );
});

import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Reconciler } from '../src/maintenance/reconciler.js';
import { EMAILS_IN_HAND } from '../src/notifications/notifications.processor.js';
import { QUEUES } from '../src/queue/queues.js';
import { WAITING_AT_MOST } from '../src/queue/outbox-limits.js';
import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import { freePort, startApp, type RunningApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/** at most this many emails in a worker's hands at once */
const IN_HAND = EMAILS_IN_HAND;
const PEOPLE = WAITING_AT_MOST + 500;

/**
 * A spike owes more confirmation emails than the workers can send. They wait in PostgreSQL, where
 * the signing statement wrote them, and the relay keeps at most WAITING_AT_MOST of them as jobs
 * on the queue, topping it up as the workers take them (src/queue/outbox-relay.ts, outbox-limits.ts): Redis holds a
 * few seconds of work, not the backlog. Nothing is lost or sent twice on the way.
 */
describe('a backlog of supporter emails', () => {
  let app: RunningApp | undefined;
  const { stack } = useStack({ app: false, stopFirst: () => app?.stop() });

  it(`waits in PostgreSQL beyond ${WAITING_AT_MOST} jobs on the queue, and every email goes once when the server answers`, async () => {
    // no SMTP server answers: the workers hold every email back, and the queue stays full
    app = await startApp(stack, { SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, RATE_LIMIT_SIGN_PER_MINUTE: '100000', RECONCILE_INTERVAL_SECONDS: '1' });
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    const tag = uniq();
    const people = Array.from({ length: PEOPLE }, (_, i) => supporter(i, tag));
    for (let i = 0; i < people.length; i += 100) {
      const signing = app;
      const answers = await Promise.all(people.slice(i, i + 100).map((p) => signing.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, p)));
      for (const a of answers) expectStatus(a, 202);
    }
    const queue = app.app.get<Queue>(getQueueToken(QUEUES.notifications));
    const emails = async () => {
      const [row] = await stack.db.query<{ owed: number; dispatched: number; tried: number }>(
        `SELECT count(*)::int AS owed, count(*) FILTER (WHERE n.dispatched_at IS NOT NULL)::int AS dispatched,
                count(*) FILTER (WHERE n.last_error IS NOT NULL)::int AS tried
           FROM notifications n JOIN signatures g ON g.id = n.signature_id WHERE g.campaign_id = $1`,
        [campaign.id],
      );
      return { ...row, jobs: (await queue.count()) + (await queue.getActiveCount()) };
    };

    // the relay hands over a queue's worth and stops there; the workers have met the outage
    const held = await waitFor(async () => {
      const e = await emails();
      return e.dispatched >= WAITING_AT_MOST && e.tried > 0 ? e : null;
    }, `${WAITING_AT_MOST} emails handed to the queue and tried`);
    expect(held.owed).toBe(PEOPLE);
    expect(held.dispatched).toBeLessThanOrEqual(WAITING_AT_MOST + IN_HAND);
    expect(held.jobs).toBeLessThanOrEqual(WAITING_AT_MOST + IN_HAND);
    // nor does the reconciler queue the rest once they are older than its interval: they are the relay's
    await waitFor(
      async () =>
        (
          await stack.db.query(
            `SELECT 1 FROM notifications n JOIN signatures g ON g.id = n.signature_id
              WHERE g.campaign_id = $1 AND n.dispatched_at IS NULL AND n.updated_at < now() - interval '1 second' LIMIT 1`,
            [campaign.id],
          )
        ).length > 0 || null,
      'emails owed for longer than the reconciler interval',
    );
    expect((await app.app.get(Reconciler).run()).requeued).toBe(0);
    const later = await emails();
    expect(later.dispatched).toBeLessThanOrEqual(WAITING_AT_MOST + IN_HAND);
    expect(later.jobs).toBeLessThanOrEqual(WAITING_AT_MOST + IN_HAND);

    // the server answers (the app restarted on it): the queue is topped up as it drains, and each person gets one email
    await app.stop();
    app = await startApp(stack, { RATE_LIMIT_SIGN_PER_MINUTE: '100000' });
    const mine = (m: { rcptTo: string[] }) => m.rcptTo.some((r) => r.endsWith(`.${tag}@supporters.example`));
    await stack.smtp.waitFor(mine, PEOPLE, 120_000);
    const received = stack.smtp.received.filter(mine).map((m) => m.rcptTo[0]);
    expect(new Set(received).size).toBe(PEOPLE);
    expect(received).toHaveLength(PEOPLE);
    await waitFor(
      async () =>
        (
          await stack.db.query(`SELECT 1 FROM notifications n JOIN signatures g ON g.id = n.signature_id WHERE g.campaign_id = $1 AND n.status = 'sent'`, [
            campaign.id,
          ])
        ).length === PEOPLE || null,
      'every email recorded as sent',
    );
  }, 240_000);
});

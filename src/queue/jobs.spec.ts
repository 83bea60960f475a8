import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { addJob, assertEveryJobHandled, JOBS, runJob, unhandledJobs } from './jobs.js';
import { QUEUES } from './queues.js';

/** Just enough of a BullMQ queue to see what would be added: the queue's name and its add(). */
function queueNamed(name: string) {
  const added: { name: string; data: unknown }[] = [];
  const queue = { name, add: async (jobName: string, data: unknown) => added.push({ name: jobName, data }) } as unknown as Queue;
  return { queue, added };
}

describe('the job registry', () => {
  it('puts every job on one of the queues', () => {
    const queues: string[] = Object.values(QUEUES);
    for (const [name, queue] of Object.entries(JOBS)) expect([name, queues.includes(queue)]).toEqual([name, true]);
  });

  it('names the jobs of a queue left without a handler, and refuses to start such a processor', () => {
    expect(unhandledJobs(QUEUES.maintenance, ['backfill-target'])).toEqual(['redispatch-campaign', 'test-letter']);
    expect(unhandledJobs(QUEUES.maintenance, ['backfill-target', 'redispatch-campaign', 'test-letter'])).toEqual([]);
    expect(() => assertEveryJobHandled(QUEUES.letters, [])).toThrow("the appeals queue's processor has no handler for: deliver");
    expect(() => assertEveryJobHandled(QUEUES.letters, ['deliver'])).not.toThrow();
  });

  it('adds a job only on the queue it belongs to', async () => {
    const maintenance = queueNamed(QUEUES.maintenance);
    await addJob(maintenance.queue, 'redispatch-campaign', { campaignId: 'c1' });
    expect(maintenance.added).toEqual([{ name: 'redispatch-campaign', data: { campaignId: 'c1' } }]);
    const letters = queueNamed(QUEUES.letters);
    expect(() => addJob(letters.queue, 'redispatch-campaign', { campaignId: 'c1' })).toThrow(
      'the redispatch-campaign job goes on the maintenance queue, not appeals',
    );
    expect(letters.added).toEqual([]);
  });

  it('runs a job with its handler, and fails a job of an unknown name for good (no retries)', async () => {
    const handlers = { deliver: async (job: Job) => `sent ${(job.data as { id: string }).id}` };
    await expect(runJob(QUEUES.letters, handlers, { name: 'deliver', data: { id: 'd1' } } as Job)).resolves.toBe('sent d1');
    expect(() => runJob(QUEUES.letters, handlers, { name: 'dleiver', data: {} } as Job)).toThrow(UnrecoverableError);
  });
});

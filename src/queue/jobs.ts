import { UnrecoverableError, type Job, type JobsOptions, type Queue } from 'bullmq';
import { QUEUES } from './queues.js';

/** An outbox row's job: the row id only (also the job id); PostgreSQL holds what is owed. */
export interface OutboxJob {
  id: string;
}

/** Owe a launched target a letter for every confirmed signature, in steps. */
export interface BackfillJob {
  campaignId: string;
  targetId: string;
  /** progress: the last signature id done, so a restarted job carries on */
  after?: string | null;
}

/** Hand a resumed campaign's held letters (or those held until delivery.startAt) to the letters queue. */
export interface RedispatchJob {
  campaignId: string;
}

/** A campaigner's test letter, to their own address. */
export interface TestLetterJob {
  testId: string;
  campaignId: string;
  /** null: the campaign has no target yet; the sample official is used */
  targetId: string | null;
  /** the staff account the letter goes to (its address is read when the letter is sent) */
  userId: string;
}

/**
 * Every job there is: its name, the queue it goes on, and (JobPayloads) what it carries. The only
 * list of them: adding a job is a line here, a payload type, and a handler in its queue's
 * processor, which does not start without one (assertEveryJobHandled).
 */
export const JOBS = {
  deliver: QUEUES.letters,
  notify: QUEUES.notifications,
  webhook: QUEUES.webhooks,
  'backfill-target': QUEUES.maintenance,
  'redispatch-campaign': QUEUES.maintenance,
  'test-letter': QUEUES.maintenance,
} as const;

export interface JobPayloads {
  deliver: OutboxJob;
  notify: OutboxJob;
  webhook: OutboxJob;
  'backfill-target': BackfillJob;
  'redispatch-campaign': RedispatchJob;
  'test-letter': TestLetterJob;
}

export type JobName = keyof typeof JOBS;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
/** The names of the jobs that go on queue Q. */
export type JobsOn<Q extends QueueName> = { [N in JobName]: (typeof JOBS)[N] extends Q ? N : never }[JobName];

/** One handler per job of queue Q: leaving one out does not compile. */
export type JobHandlers<Q extends QueueName> = { [N in JobsOn<Q>]: (job: Job<JobPayloads[N]>, token?: string) => Promise<unknown> };

/** Adds a job, its payload checked against its name, on the queue its name belongs to. */
export function addJob<N extends JobName>(queue: Queue, name: N, data: JobPayloads[N], opts?: JobsOptions): Promise<Job<JobPayloads[N]>> {
  if (queue.name !== JOBS[name]) throw new Error(`the ${name} job goes on the ${JOBS[name]} queue, not ${queue.name}`);
  return queue.add(name, data, opts) as Promise<Job<JobPayloads[N]>>;
}

/** Runs a job with its queue's handler; a job of a name the queue does not know fails for good. */
export function runJob<Q extends QueueName>(queue: Q, handlers: JobHandlers<Q>, job: Job, token?: string): Promise<unknown> {
  const handler = (handlers as Record<string, ((job: Job, token?: string) => Promise<unknown>) | undefined>)[job.name];
  if (!handler) throw new UnrecoverableError(`no handler for a ${job.name} job on the ${queue} queue`);
  return handler(job, token);
}

/** The jobs of `queue` with no handler among `handled`. */
export function unhandledJobs(queue: QueueName, handled: readonly string[]): JobName[] {
  return (Object.keys(JOBS) as JobName[]).filter((name) => JOBS[name] === queue && !handled.includes(name));
}

/**
 * The start-up check of a queue's processor: every job that goes on its queue has a handler.
 * (JobHandlers makes this a compile error already; this catches what a cast or a hand-built map
 * would slip past, before the first job is taken.)
 */
export function assertEveryJobHandled(queue: QueueName, handled: readonly string[]): void {
  const missing = unhandledJobs(queue, handled);
  if (missing.length) throw new Error(`the ${queue} queue's processor has no handler for: ${missing.join(', ')}`);
}

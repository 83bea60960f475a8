import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { AppConfig } from '../config/app-config.js';
import { runsApi, runsWorkers } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';

/** How often the governor looks at the process. */
export const GOVERNOR_INTERVAL_MS = 500;
/** HTTP requests a second above which the pages count as busy (a signing spike; a console's polling is a few). */
export const BUSY_REQUESTS_PER_SECOND = 50;
/** The share of the interval the event loop spent working above which the process has no time to spare. */
export const BUSY_UTILIZATION = 0.8;

/** What the governor saw over one interval. */
export interface LoadReading {
  /** HTTP requests answered */
  requests: number;
  /** the event loop's utilisation (0 to 1: the share of the time it was not waiting for I/O) */
  utilization: number;
  intervalMs: number;
}

/** The pages are busy and the process has no time to spare: its queue workers should give way. */
export function pagesPressed(r: LoadReading): boolean {
  return (r.requests * 1000) / r.intervalMs >= BUSY_REQUESTS_PER_SECOND && r.utilization >= BUSY_UTILIZATION;
}

/** The fewest jobs a governed worker keeps in hand: a tenth of what it is configured for, at least one. */
export function floorOf(ceiling: number): number {
  return Math.max(1, Math.ceil(ceiling / 10));
}

/**
 * The next concurrency of a worker configured for `ceiling`: halved while the pages are pressed
 * (down to floorOf), else raised by an eighth of the ceiling each interval (back to it within
 * about four seconds): additive increase, multiplicative decrease.
 */
export function nextConcurrency(current: number, pressed: boolean, ceiling: number): number {
  if (pressed) return Math.max(floorOf(ceiling), Math.floor(current / 2));
  return Math.min(ceiling, current + Math.max(1, Math.ceil(ceiling / 8)));
}

/** A BullMQ worker, as far as the governor touches it. */
export interface GovernedWorker {
  concurrency: number;
}

let requestsAnswered = 0;

/** Counts each HTTP request answered: a Fastify onResponse hook, in a process that also runs the workers. */
export function countAnswered(_request: unknown, _reply: unknown, done: () => void): void {
  requestsAnswered++;
  done();
}

/**
 * One process that both answers supporters and sends (ROLE=all, what `npm start` runs) puts the
 * pages first. Every GOVERNOR_INTERVAL_MS it reads how many requests the API answered and how busy
 * the event loop was; while a spike keeps the API busy and leaves the process no spare time
 * (pagesPressed), the queue workers' concurrency is halved, down to a tenth of what it is
 * configured for, and raised back once it passes. Emails and letters keep going during a spike,
 * more slowly, and go at full speed once it is over: measured with 64 clients signing (npm run
 * bench:sign-one-box, docs/performance.md). Processes with one role are left alone: there, nothing
 * competes with the workers.
 */
@Injectable()
export class WorkerGovernor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(WorkerGovernor.name);
  private readonly workers = new Map<string, { worker: GovernedWorker; ceiling: number }>();
  private readonly enabled: boolean;
  private timer: NodeJS.Timeout | null = null;
  private last: { at: number; requests: number; elu: EventLoopUtilization } | null = null;
  private yielding = false;

  constructor(@InjectConfig() config: AppConfig) {
    this.enabled = runsApi(config) && runsWorkers(config);
  }

  /** Puts a worker under the governor (ROLE=all; elsewhere it is only reported), at `ceiling` (its configured concurrency) to begin with. */
  govern(name: string, worker: GovernedWorker, ceiling: number): void {
    worker.concurrency = ceiling;
    this.workers.set(name, { worker, ceiling });
  }

  onApplicationBootstrap() {
    if (!this.enabled) return;
    this.last = { at: performance.now(), requests: requestsAnswered, elu: performance.eventLoopUtilization() };
    this.timer = setInterval(() => this.step(), GOVERNOR_INTERVAL_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look at the process, and the workers' concurrency set from it. */
  step(): void {
    if (!this.enabled) return;
    const now = { at: performance.now(), requests: requestsAnswered, elu: performance.eventLoopUtilization() };
    const last = this.last ?? now;
    this.last = now;
    const reading: LoadReading = {
      requests: now.requests - last.requests,
      utilization: performance.eventLoopUtilization(now.elu, last.elu).utilization,
      intervalMs: Math.max(1, now.at - last.at),
    };
    const pressed = pagesPressed(reading);
    for (const w of this.workers.values()) w.worker.concurrency = nextConcurrency(w.worker.concurrency, pressed, w.ceiling);
    if (pressed !== this.yielding) {
      this.yielding = pressed;
      const rate = Math.round((reading.requests * 1000) / reading.intervalMs);
      if (pressed) this.log.log(`the API is busy (${rate} requests/s, event loop ${Math.round(reading.utilization * 100)} % busy): sending gives way to it`);
      else this.log.log('the API has time to spare again: sending speeds up');
    }
  }

  /** Each worker's concurrency now, by queue (GET /metrics: appeals_worker_concurrency). */
  concurrencies(): Record<string, number> {
    return Object.fromEntries([...this.workers].map(([name, w]) => [name, w.worker.concurrency]));
  }
}

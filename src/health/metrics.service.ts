import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DeliveryStatsService } from '../deliveries/delivery-stats.service.js';
import { QueueDepthsService } from '../deliveries/queue-depths.service.js';
import { processRegistry } from '../metrics/process-metrics.js';
import { WorkerGovernor } from '../queue/worker-governor.js';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * GET /metrics: this process's own metrics plus cluster-wide gauges read at scrape time from
 * the stats summaries (PostgreSQL) and the queues (Redis). The cluster-wide gauges say the same
 * in every process: aggregate them with max(), not sum().
 */
@Injectable()
export class MetricsService {
  private readonly registry = new Registry();
  private readonly signatures = new Gauge({
    name: 'appeals_signatures',
    help: 'Signatures by status, all campaigns (cluster-wide)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly deliveries = new Gauge({
    name: 'appeals_deliveries',
    help: 'Letters by status, all campaigns (cluster-wide)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly oldestUnsent = new Gauge({
    name: 'appeals_oldest_unsent_letter_age_seconds',
    help: 'Age of the oldest letter not yet sent (queued, sending or retrying); 0 when none (cluster-wide)',
    registers: [this.registry],
  });
  private readonly queueJobs = new Gauge({
    name: 'appeals_queue_jobs',
    help: 'Jobs per BullMQ queue and state (cluster-wide)',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  private readonly workerConcurrency = new Gauge({
    name: 'appeals_worker_concurrency',
    help: "Jobs this process's worker of each queue takes at once: what it is configured for, lowered in a ROLE=all process while a spike keeps the API busy (WorkerGovernor)",
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  private readonly up = new Gauge({
    name: 'appeals_metrics_source_up',
    help: '1 when the source of the cluster-wide gauges answered this scrape (postgres, redis), else 0',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  constructor(
    private readonly stats: DeliveryStatsService,
    private readonly queueDepths: QueueDepthsService,
    private readonly governor: WorkerGovernor,
  ) {}

  get contentType(): string {
    return processRegistry.contentType;
  }

  async render(): Promise<string> {
    const [totals, depths] = await Promise.all([this.stats.totals().catch(() => null), this.queueDepths.read()]);
    this.up.set({ source: 'postgres' }, totals ? 1 : 0);
    // a source that did not answer leaves its gauges out rather than repeating stale values
    for (const g of [this.signatures, this.deliveries, this.oldestUnsent, this.queueJobs]) g.reset();
    if (totals) {
      for (const [status, n] of Object.entries(totals.signatures)) this.signatures.set({ status }, n);
      for (const [status, n] of Object.entries(totals.deliveries)) this.deliveries.set({ status }, n);
      this.oldestUnsent.set(totals.oldestUnsentAgeSeconds ?? 0);
    }
    this.up.set({ source: 'redis' }, depths.ok ? 1 : 0);
    for (const [queue, counts] of Object.entries(depths.queues)) {
      for (const state of QUEUE_STATES) this.queueJobs.set({ queue, state }, counts[state]);
    }
    this.workerConcurrency.reset();
    for (const [queue, n] of Object.entries(this.governor.concurrencies())) this.workerConcurrency.set({ queue }, n);
    return Registry.merge([processRegistry, this.registry]).metrics();
  }
}

import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Metrics of this process (what its workers did, and Node's own: CPU, memory, event loop, GC).
 * Module-level, so that code on the hot path (LetterSender) records with one function call and no
 * injection; the cluster-wide gauges (counts by status, queue depths) live in MetricsService (src/health/).
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

export const letterAttempts = new Counter({
  name: 'appeals_letter_attempts_total',
  help: 'SMTP attempts at letters made by this process, by outcome (sent, temporary_failure, permanent_failure, unreachable)',
  labelNames: ['outcome'] as const,
  registers: [processRegistry],
});

export const smtpSendDuration = new Histogram({
  name: 'appeals_smtp_send_duration_seconds',
  help: 'Time spent handing one letter to the SMTP server, by outcome',
  labelNames: ['outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [processRegistry],
});

export const confirmationToSent = new Histogram({
  name: 'appeals_confirmation_to_sent_seconds',
  help: "Time from a signature's confirmation (a digest: from the letter becoming owed) to its letter being sent",
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600, 3 * 24 * 3600],
  registers: [processRegistry],
});

export const maintenanceTaskDuration = new Histogram({
  name: 'appeals_maintenance_task_seconds',
  help: "Time one run of a worker's periodic task took (reconcile, digests, digest-fallback, delivery-receipts, …), by task and outcome (ok, error)",
  labelNames: ['task', 'outcome'] as const,
  buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [processRegistry],
});

/** One SMTP attempt at a letter has finished (called by LetterSender once the outcome is recorded). */
export function observeLetterAttempt(outcome: string, durationMs: number, secondsSinceConfirmation: number | null | undefined): void {
  letterAttempts.inc({ outcome });
  smtpSendDuration.observe({ outcome }, durationMs / 1000);
  if (outcome === 'sent' && typeof secondsSinceConfirmation === 'number' && secondsSinceConfirmation >= 0) {
    confirmationToSent.observe(secondsSinceConfirmation);
  }
}

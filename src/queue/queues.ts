/** The BullMQ queues. Jobs carry ids only: PostgreSQL holds what is owed. */
export const QUEUES = {
  /** one job per delivery (a letter to a target), job id = delivery id */
  letters: 'appeals',
  /** one job per notification (an email to a supporter), job id = notification id */
  notifications: 'notifications',
  /** one job per webhook delivery (an event to an endpoint), job id = delivery id */
  webhooks: 'webhooks',
  /** target launch backfills, reconciliation, scheduled campaign closing */
  maintenance: 'maintenance',
} as const;

// No framework here: the configuration's descriptions (src/config) read this before the app's modules load.

/**
 * The most jobs a relay lets wait on its queue: it hands over only what brings the queue's waiting
 * jobs up to this. In a spike the rows owed wait in PostgreSQL, where they are already written,
 * not as jobs in Redis (memory, and a process's time making jobs that are not run for minutes),
 * and the queue holds a few seconds of work for the workers whatever the backlog.
 */
export const WAITING_AT_MOST = 1000;

/**
 * How long a failed webhook delivery waits before its next attempt: `baseMs` after the first
 * failure, twice as long after each next one, never more than `maxMs`; then "equal jitter" (a
 * random point between half and all of it), so the deliveries a receiver's outage failed
 * together do not all come back at the same moment. `attempt` is the attempt that just failed
 * (1 for the first). `random` in [0, 1).
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: number = Math.random()): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 40);
  const full = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(full / 2 + (full / 2) * random);
}

/**
 * Waits until `probe` returns something truthy (an empty array, such as a query that found no
 * row yet, counts as nothing), checking every `interval` ms, and fails with
 * `what` (and the last value seen) after `timeout` ms. Tests wait on conditions, never on time.
 */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  what: string,
  { timeout = 20_000, interval = 50 }: { timeout?: number; interval?: number } = {},
): Promise<NonNullable<T>> {
  const until = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last && !(Array.isArray(last) && last.length === 0)) return last as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last saw ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Callers that ask for the same work while it runs share that one run: the second to the eighth
 * admin opening the dashboard at once get the answer the first one's query is computing, instead of
 * eight copies of the same aggregate competing for the same two cores. A caller arriving after the
 * run has settled starts a new one: nothing is kept, so an answer is never older than the run it
 * came from.
 */
export class SingleFlight<T> {
  private running: Promise<T> | null = null;

  run(work: () => Promise<T>): Promise<T> {
    if (this.running) return this.running;
    const run = work().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}

import { SingleFlight } from './single-flight.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('callers arriving while the work runs share its one run and its answer', async () => {
    const flight = new SingleFlight<number>();
    const gate = deferred<number>();
    let runs = 0;
    const work = () => {
      runs++;
      return gate.promise;
    };
    const answers = Promise.all([flight.run(work), flight.run(work), flight.run(work)]);
    gate.resolve(42);
    expect(await answers).toEqual([42, 42, 42]);
    expect(runs).toBe(1);
  });

  it('a caller after the run settled starts a new run (no answer is kept)', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    const work = async () => ++runs;
    expect(await flight.run(work)).toBe(1);
    expect(await flight.run(work)).toBe(2);
  });

  it('a failure reaches every caller of that run, and the next caller tries again', async () => {
    const flight = new SingleFlight<string>();
    const gate = deferred<string>();
    const failing = [flight.run(() => gate.promise), flight.run(() => gate.promise)];
    gate.reject(new Error('the database went away'));
    for (const p of failing) await expect(p).rejects.toThrow('the database went away');
    expect(await flight.run(async () => 'back')).toBe('back');
  });
});

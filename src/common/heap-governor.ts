import { Logger } from '@nestjs/common';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const CHECK_EVERY_MS = 200;

/**
 * Keeps a long-running process's memory near what it really uses. On a machine with plenty of
 * RAM, V8 puts off collecting its old generation, so a worker that hands thousands of letters to
 * SMTP grows by hundreds of megabytes of garbage (not leaked: the same run fits a heap capped at
 * 128 MB). Above `softLimitMb` of heap, this runs a full collection, checked five times a second,
 * which costs a few milliseconds a time. 0 turns it off (for instance when --max-old-space-size
 * or a container's memory limit already bounds the heap).
 */
export function governHeap(softLimitMb: number): () => void {
  if (softLimitMb <= 0) return () => undefined;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const log = new Logger('HeapGovernor');
  let collections = 0;
  const timer = setInterval(() => {
    if (getHeapStatistics().used_heap_size > softLimitMb * 1024 * 1024) {
      gc();
      if (++collections % 100 === 0) log.debug(`${collections} collections above ${softLimitMb} MB of heap`);
    }
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

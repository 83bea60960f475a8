import { Logger } from '@nestjs/common';
import { getHeapStatistics } from 'node:v8';
import { fullCollection } from './old-generation.js';
import { afterCollection, heapPolicy, INITIAL_HEAP_STATE, shouldCollect, type HeapPolicy } from './heap-collection-policy.js';

const CHECK_EVERY_MS = 200;

/**
 * Keeps a long-running process's memory near what it really uses. On a machine with plenty of
 * RAM, V8 puts off collecting its old generation, so a worker that hands thousands of letters to
 * SMTP grows by hundreds of megabytes of garbage (not leaked: the same run fits a heap capped at
 * 128 MB). Above `softLimitMb` of heap this runs a full collection, a few milliseconds each, when
 * heap-collection-policy.ts says it is worth one (checked five times a second). 0 turns it off
 * (for instance when --max-old-space-size or a container's memory limit already bounds the heap).
 * Which processes run it is HEAP_GOVERNOR's (`governsHeap` in app-config.ts).
 */
export function governHeap(softLimitMb: number): () => void {
  if (softLimitMb <= 0) return () => undefined;
  const gc = fullCollection();
  const log = new Logger('HeapGovernor');
  const governor = heapGovernor(heapPolicy(softLimitMb), {
    usedBytes: () => getHeapStatistics().used_heap_size,
    collect: gc,
    now: Date.now,
  });
  let collections = 0;
  let warned = false;
  const timer = setInterval(() => {
    const collection = governor.check();
    if (!collection) return;
    if (++collections % 100 === 0) log.debug(`${collections} collections above ${softLimitMb} MB of heap`);
    if (collection.backoffMs > 0 && !warned) {
      warned = true;
      const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
      log.warn(
        `a full collection freed little (${mb(collection.beforeBytes)} → ${mb(collection.afterBytes)} MB): live data is above ` +
          `HEAP_SOFT_LIMIT_MB=${softLimitMb}, so collections now wait for the heap to grow, and back off while they free little`,
      );
    }
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export interface HeapProbe {
  usedBytes(): number;
  collect(): void;
  now(): number;
}

export interface HeapCollection {
  beforeBytes: number;
  afterBytes: number;
  /** how long the next collection waits: more than 0 when this one freed little */
  backoffMs: number;
}

/** One check of the heap, collecting when the policy says so: the collection, or null when none ran. */
export function heapGovernor(policy: HeapPolicy, probe: HeapProbe): { check(): HeapCollection | null } {
  let state = INITIAL_HEAP_STATE;
  return {
    check() {
      const beforeBytes = probe.usedBytes();
      const decision = shouldCollect(policy, state, beforeBytes, probe.now());
      state = decision.state;
      if (!decision.collect) return null;
      probe.collect();
      const afterBytes = probe.usedBytes();
      state = afterCollection(policy, state, beforeBytes, afterBytes, probe.now());
      return { beforeBytes, afterBytes, backoffMs: state.backoffMs };
    },
  };
}

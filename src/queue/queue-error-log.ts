import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { QUEUES } from './queues.js';

/** the same error of the same queue is logged once in this long */
const QUIET_MS = 60_000;

/**
 * The errors of the queues' own Redis connections (the producers'), logged as warnings. Without a
 * listener BullMQ writes each one to stderr with console.error, around the app's logs: after a
 * Redis master is killed, every reconnection of every queue printed a bare "connect
 * ECONNREFUSED". Each queue's error is logged once a minute at most; the workers log theirs.
 */
@Injectable()
export class QueueErrorLog implements OnModuleInit {
  private readonly log = new Logger('Queues');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit() {
    for (const name of Object.values(QUEUES)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      const last = { message: '', at: 0 };
      queue.on('error', (error: Error) => {
        const now = Date.now();
        if (error.message === last.message && now - last.at < QUIET_MS) return;
        Object.assign(last, { message: error.message, at: now });
        this.log.warn(`queue "${name}": ${error.message}`);
      });
    }
  }
}

import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/app-config.module.js';
import { QueueErrorLog } from './queue-error-log.js';
import { QUEUES } from './queues.js';
import { RedisConnections } from './redis-connections.js';
import { redisProvider, REDIS } from './redis.provider.js';
import { WorkerGovernor } from './worker-governor.js';

const queues = Object.values(QUEUES).map((name) => ({ name }));

/**
 * BullMQ on REDIS_URL under QUEUE_PREFIX (or through Sentinel, or on a Cluster: see
 * RedisConnections). Finished jobs are trimmed by age and count, so Redis holds work in progress,
 * not history (history lives in PostgreSQL).
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG, RedisConnections],
      useFactory: (config: AppConfig, connections: RedisConnections) => ({
        prefix: config.queuePrefix,
        // workers must wait for Redis forever; producers fail fast (see OutboxQueue)
        connection: connections.forBullMq(),
        defaultJobOptions: {
          removeOnComplete: { age: 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
        },
        // the events stream is capped, so Redis memory stays flat however many letters pass
        streams: { events: { maxLen: 5000 } },
      }),
    }),
    BullModule.registerQueue(...queues),
  ],
  providers: [RedisConnections, redisProvider, QueueErrorLog, WorkerGovernor],
  exports: [BullModule, REDIS, RedisConnections, WorkerGovernor],
})
export class QueueModule {}

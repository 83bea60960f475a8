import type { UntypedJson } from './helpers/api-client.js';
import pg from 'pg';
import { MaintenanceScheduler } from '../src/maintenance/maintenance-scheduler.js';
import { MetricsServer } from '../src/health/metrics-server.js';
import type { AppConfig } from '../src/config/app-config.js';
import { APP_CONFIG } from '../src/config/app-config.module.js';
import { EMAILS_IN_HAND } from '../src/notifications/notifications.processor.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { createLiveCampaign, createTargets, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { PrivateRedis } from './helpers/redis-server.js';
import { clearRedisPrefix, startApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/** One sample's value in Prometheus text, e.g. value(text, 'appeals_deliveries{status="sent"}'). */
function value(text: string, sample: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? null : Number(line.slice(sample.length + 1));
}

async function health(url: string): Promise<{ status: number; body: UntypedJson }> {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: await res.json() };
}

describe('metrics and health', () => {
  const { stack, app } = useStack();

  it('GET /metrics: counts by status, attempts, SMTP timings, time to send, queue depths, Node defaults', async () => {
    const targets = await createTargets(app.admin, 2);
    const campaign = await createLiveCampaign(app.admin, { targets });
    const tag = uniq();
    for (const i of [0, 1, 2]) await signAndConfirm(app.api, stack.smtp, campaign.slug, supporter(i, tag));
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id])).length === 6,
      'the 6 letters to be sent',
    );

    const res = await fetch(`${app.url}/metrics`); // no login: Prometheus scrapes it
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const [rows] = await stack.db.query(
      `SELECT (SELECT count(*) FROM deliveries WHERE status = 'sent')::int AS sent, (SELECT count(*) FROM signatures WHERE status = 'confirmed')::int AS confirmed`,
    );
    expect(value(text, 'appeals_deliveries{status="sent"}')).toBe(rows.sent);
    expect(value(text, 'appeals_deliveries{status="failed"}')).toBe(0);
    expect(value(text, 'appeals_signatures{status="confirmed"}')).toBe(rows.confirmed);
    expect(value(text, 'appeals_signatures{status="withdrawn"}')).toBe(0);
    // this process made the attempts: counted, timed, and timed from confirmation
    expect(value(text, 'appeals_letter_attempts_total{outcome="sent"}')).toBeGreaterThanOrEqual(6);
    expect(value(text, 'appeals_smtp_send_duration_seconds_count{outcome="sent"}')).toBeGreaterThanOrEqual(6);
    expect(value(text, 'appeals_smtp_send_duration_seconds_bucket{le="+Inf",outcome="sent"}')).toBeGreaterThanOrEqual(6);
    expect(value(text, 'appeals_confirmation_to_sent_seconds_count')).toBeGreaterThanOrEqual(6);
    const waited = value(text, 'appeals_confirmation_to_sent_seconds_sum')!;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThan(6 * 60);
    for (const queue of ['appeals', 'notifications', 'maintenance', 'webhooks']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed'])
        expect(value(text, `appeals_queue_jobs{queue="${queue}",state="${state}"}`)).not.toBeNull();
    }
    // this process's workers, at what they are configured for (no spike: nothing given way)
    expect(value(text, 'appeals_worker_concurrency{queue="notifications"}')).toBe(EMAILS_IN_HAND);
    expect(value(text, 'appeals_worker_concurrency{queue="appeals"}')).toBe(app.app.get<AppConfig>(APP_CONFIG).workerConcurrency);
    expect(value(text, 'appeals_oldest_unsent_letter_age_seconds')).toBe(0);
    expect(value(text, 'appeals_metrics_source_up{source="postgres"}')).toBe(1);
    expect(value(text, 'appeals_metrics_source_up{source="redis"}')).toBe(1);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');

    // the periodic tasks are timed: a reconcile run made here is counted, with its time
    expect(await app.app.get(MaintenanceScheduler).runOnce('reconcile')).toEqual(expect.objectContaining({ requeued: expect.any(Number) }));
    const after = await (await fetch(`${app.url}/metrics`)).text();
    const reconciles = after
      .split('\n')
      .find((l) => l.startsWith('appeals_maintenance_task_seconds_count{') && l.includes('task="reconcile"') && l.includes('outcome="ok"'));
    expect(Number(reconciles?.split(' ')[1])).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it('a worker without HTTP serves its metrics and health on METRICS_PORT', async () => {
    const worker = await startApp(stack, { ROLE: 'worker', METRICS_PORT: '0', HOST: '127.0.0.1' });
    try {
      const port = worker.app.get(MetricsServer).port;
      expect(port).toEqual(expect.any(Number));
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(value(text, 'appeals_metrics_source_up{source="postgres"}')).toBe(1);
      expect(text).toContain('# TYPE appeals_letter_attempts_total counter');
      expect(text).toContain('# TYPE appeals_queue_jobs gauge');
      expect(text).toContain('process_resident_memory_bytes');
      const h = await health(`http://127.0.0.1:${port}`);
      expect(h.status).toBe(200);
      expect(h.body.info.database.status).toBe('up');
      expect(h.body.info.redis.status).toBe('up');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
      // the API process has no such port: it serves /metrics itself
      expect(app.app.get(MetricsServer).port).toBeNull();
    } finally {
      await worker.stop();
    }
  });

  it('/health stays 200 {status: "ok"} while only the SMTP server is unreachable, and says so in its details', async () => {
    const api = await startApp(stack, { ROLE: 'api', SMTP_URL: 'smtp://127.0.0.1:9' });
    try {
      const h = await health(api.url);
      expect(h.status).toBe(200);
      expect(h.body.status).toBe('ok');
      expect(h.body.details.smtp).toMatchObject({ status: 'up', reachable: false, server: '127.0.0.1:9' });
      expect(h.body.details.database.status).toBe('up');
      expect(h.body.details.redis.status).toBe('up');
    } finally {
      await api.stop();
    }
  });

  it('/health turns 503 while Redis is down, and 200 again when it is back', async () => {
    const redis = await new PrivateRedis().start();
    const prefix = `${stack.prefix}r`;
    const api = await startApp(stack, { ROLE: 'api', REDIS_URL: redis.url, QUEUE_PREFIX: prefix });
    try {
      const up = await health(api.url);
      expect(up.status).toBe(200);
      expect(up.body.info.redis).toMatchObject({ status: 'up' });
      expect(up.body.info.database).toMatchObject({ status: 'up' });

      await redis.stop();
      const down = await waitFor(async () => {
        const h = await health(api.url);
        return h.status === 503 ? h : null;
      }, '/health to answer 503');
      expect(down.body.status).toBe('error');
      expect(down.body.error.redis.status).toBe('down');
      expect(down.body.info.database).toMatchObject({ status: 'up' });
      // the stats still answer, saying Redis did not
      const stats = await api.admin.get('/api/admin/stats');
      expect(stats.status).toBe(200);
      expect(stats.json.queues).toEqual({});
      expect(stats.json.queueError).toContain('Redis');
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      expect(value(metrics, 'appeals_metrics_source_up{source="redis"}')).toBe(0);

      await redis.start();
      await waitFor(async () => (await health(api.url)).status === 200, '/health to answer 200 again', { timeout: 30_000 });
    } finally {
      if (!(await redis.ping())) await redis.start(); // the app closes its queues cleanly only with Redis up
      await api.stop();
      await redis.stop();
      await clearRedisPrefix(stack.redis, prefix);
    }
  });

  it('/health turns 503 while PostgreSQL refuses connections, and 200 again after', async () => {
    const db: TestDatabase = await createTestDatabase();
    const api = await startApp(stack, { ROLE: 'api', DATABASE_URL: db.url });
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      expect((await health(api.url)).status).toBe(200);
      await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db.name]);
      const down = await waitFor(async () => {
        const h = await health(api.url);
        return h.status === 503 ? h : null;
      }, '/health to answer 503');
      expect(down.body.error.database.status).toBe('down');
      expect(down.body.info.redis).toMatchObject({ status: 'up' });
      await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      await waitFor(async () => (await health(api.url)).status === 200, '/health to answer 200 again');
    } finally {
      await admin.query(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      await admin.end();
      await api.stop();
      await db.drop();
    }
  });
});

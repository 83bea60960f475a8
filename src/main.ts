import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { App } from './bootstrap.js';
import { limitOldGenerationGrowth } from './common/old-generation.js';
import { capYoungGeneration } from './common/young-generation.js';
import { ConfigError, governsHeap, loadConfig, runsApi, runsWorkers } from './config/app-config.js';

/**
 * `npm start` / `node dist/main.js`: validates the configuration, prepares the database
 * (outside production: creates it if missing, and migrates), then starts what ROLE asks for:
 * the HTTP API, the queue workers, or both.
 */
async function main() {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  // before the application's modules load (they are imported below, not above: loading them is
  // what first grows V8's young generation, to 32 MB when nothing holds it)
  capYoungGeneration(config.heapSemiSpaceMb);
  const { bootLog, createApp, isHttpApp, runStartupTasks } = await import('./bootstrap.js');
  const { governHeap } = await import('./common/heap-governor.js');
  const { ensureDatabase, runMigrations } = await import('./database/prepare-database.js');
  const { MetricsServer } = await import('./health/metrics-server.js');
  const { DEMO_SLUG } = await import('./seed/demo-seed-slug.js');
  if (!config.production && (await ensureDatabase(config.databaseUrl))) bootLog.log('created the database');
  if (config.migrateOnStart) {
    const applied = await runMigrations(config.databaseUrl);
    if (applied.length) bootLog.log(`applied ${applied.length} migration(s)`);
  }
  if (governsHeap(config)) governHeap(config.heapSoftLimitMb);
  const app = await createApp(config);
  const startup = runsApi(config) ? await runStartupTasks(app, config) : null;
  limitOldGenerationGrowth(config.heapGrowingPercent);
  if (isHttpApp(app)) await app.listen(config.port, config.host);
  else await app.init();

  const roles = [runsApi(config) && `API on port ${config.port}`, runsWorkers(config) && 'workers'].filter(Boolean).join(' and ');
  const lines = [`Appeals is running: ${roles} (ROLE=${config.role}).`];
  if (runsApi(config)) {
    lines.push(
      `  console        ${config.publicUrl}/console   (staff: campaigns, letters, officials, accounts)`,
      `  campaign page  ${config.publicUrl}/c/${DEMO_SLUG}`,
      `  API docs       ${config.publicUrl}/api/docs`,
      `  health         ${config.publicUrl}/health`,
      `  dashboard      ${config.publicUrl}/admin   (queues: ${config.publicUrl}/admin/queues)`,
      `  metrics        ${config.publicUrl}/metrics`,
    );
  } else {
    const port = app.get(MetricsServer).port;
    const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
    if (port !== null) lines.push(`  metrics        http://${host}:${port}/metrics   (and /health)`);
  }
  if (!config.smtpUrl) {
    lines.push(`  mail           no SMTP_URL: every message is caught by the embedded SMTP server on port ${config.mailCatcherPort}`);
    if (runsApi(config)) lines.push(`  caught mail    ${config.publicUrl}/admin/mail`);
  }
  if (startup?.admin?.password) {
    lines.push(
      '',
      `  First admin: ${startup.admin.email}  password: ${startup.admin.password}`,
      '  (shown once: sign in at /console and change it under "Your account")',
    );
  }
  console.log(`\n${lines.join('\n')}\n`);
  stopGracefullyOn(['SIGTERM', 'SIGINT'], app, bootLog);
}

/**
 * On SIGTERM (or Ctrl-C): the HTTP server stops accepting and finishes the requests in hand;
 * workers take no new job and finish the ones in hand (the rest stays owed in PostgreSQL); then
 * connections close and the process exits 0. A second signal exits at once.
 */
function stopGracefullyOn(signals: NodeJS.Signals[], app: App, bootLog: { log(message: string): void }) {
  let stopping = false;
  for (const signal of signals) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      bootLog.log(`${signal}: finishing the work in hand, then stopping`);
      app.close().then(
        () => process.exit(0),
        (e) => {
          console.error(e);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});

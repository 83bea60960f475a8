import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { ensureDatabase, runMigrations } from './prepare-database.js';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL. */
async function main() {
  const config = loadConfig();
  if (!config.production && (await ensureDatabase(config.databaseUrl))) console.log('created the database');
  const applied = await runMigrations(config.databaseUrl);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'the database is up to date');
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
